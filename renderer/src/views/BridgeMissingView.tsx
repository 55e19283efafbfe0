import { BrandMark } from '../components/BrandMark.tsx';

/** The page was opened outside the console (e.g. straight in a browser): say so plainly. */
export function BridgeMissingView() {
  return (
    <main className="auth-screen">
      <div className="auth-card">
        <BrandMark />
        <h1 className="auth-title">This page must be opened by Central Console</h1>
        <p className="muted">
          It is the console&apos;s user interface and cannot reach Central Command on its own. Start the Central Console
          application instead.
        </p>
      </div>
    </main>
  );
}
