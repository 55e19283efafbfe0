import { BrandMark } from '../components/BrandMark.tsx';
import { useConsoleStores, useSession } from '../stores/use-stores.ts';

/** Before session:get has answered — or when it could not. */
export function StartupView() {
  const stores = useConsoleStores();
  const error = useSession((s) => s.error);
  const busy = useSession((s) => s.busy);
  return (
    <main className="auth-screen">
      <div className="auth-card">
        <BrandMark />
        {error ? (
          <>
            <p className="error-panel" role="alert">
              {error.message}
            </p>
            <button type="button" className="button-primary" disabled={busy} onClick={() => void stores.session.getState().load()}>
              Try again
            </button>
          </>
        ) : (
          <p className="muted" role="status">
            Starting…
          </p>
        )}
      </div>
    </main>
  );
}
