import { lazy, Suspense } from 'react';

/** Its own chunk (with uPlot and its styles): fetched the first time the technician opens the view. */
const IncidentsView = lazy(() => import('./IncidentsView.tsx'));

export function IncidentsEntry() {
  return (
    <Suspense
      fallback={
        <main className="auth-screen">
          <p className="muted" role="status">
            Opening incidents…
          </p>
        </main>
      }
    >
      <IncidentsView />
    </Suspense>
  );
}
