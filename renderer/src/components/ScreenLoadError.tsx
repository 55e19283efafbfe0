import { Component, type ReactNode } from 'react';
import { BrandMark } from './BrandMark.tsx';

interface State {
  error: Error | null;
}

/**
 * Around a lazily loaded screen: a chunk that cannot be loaded (a damaged install, a file removed
 * under the running app) is a sentence and a way out, not a blank window.
 */
export class ScreenLoadError extends Component<{ children: ReactNode }, State> {
  override state: State = { error: null };

  static getDerivedStateFromError(error: unknown): State {
    return { error: error instanceof Error ? error : new Error(String(error)) };
  }

  override render() {
    if (!this.state.error) return this.props.children;
    return (
      <main className="auth-screen">
        <div className="auth-card">
          <BrandMark />
          <p className="error-panel" role="alert">
            This part of the console could not be loaded ({this.state.error.message}). Reload the window; if it happens again, reinstall Central Console.
          </p>
          <button type="button" className="button-primary" onClick={() => window.location.reload()}>
            Reload
          </button>
        </div>
      </main>
    );
  }
}
