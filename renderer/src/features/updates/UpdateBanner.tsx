import { useEffect } from 'react';
import { useConsoleStores, useSession } from '../../stores/use-stores.ts';
import { useReviewRefusal } from '../../hooks/use-review-refusal.ts';
import { useUpdates } from './use-updates.ts';
import './updates.css';

/**
 * A verified update on its way (available, downloading) or ready to install. Installing restarts
 * the console, so it waits for the technician's "Restart to update", and core holds it back while
 * a sync writes the local cache; the banner says so instead of offering the button.
 */
export function UpdateBanner() {
  const store = useConsoleStores().updates;
  const update = useUpdates((s) => s.update);
  const requestError = useUpdates((s) => s.requestError);
  const requesting = useUpdates((s) => s.requesting);
  // A session action in flight (lock, sign-out, profile switch) is not a moment to restart either.
  const sessionBusy = useSession((s) => s.busy);
  const restartRefusal = useReviewRefusal('update:restart');
  const checkRefusal = useReviewRefusal('update:check');

  useEffect(() => {
    void store.getState().load();
  }, [store]);

  if (!update) return null;
  const offered = update.update;

  if ((update.phase === 'available' || update.phase === 'downloading') && offered) {
    const percent = update.progress ? Math.floor(update.progress.percent) : 0;
    return (
      <div className="update-banner" data-testid="update-banner" data-phase={update.phase} role="status">
        <p className="update-banner-text">
          Downloading Central Console {offered.version} (verified) — {percent} %
        </p>
        <progress className="update-progress" max={100} value={percent} aria-label={`Update download ${percent} percent`} />
      </div>
    );
  }

  if (update.phase === 'ready' && offered) {
    const waitingFor = update.restartBlockedBy;
    return (
      <div className="update-banner update-banner-ready" data-testid="update-banner" data-phase="ready" role="region" aria-label="Update ready">
        <div className="update-banner-body">
          <p className="update-banner-text">
            Central Console {offered.version} is ready to install. It is installed when you restart the console.
          </p>
          {offered.releaseNotes ? (
            <details className="update-notes">
              <summary>What is new in {offered.version}</summary>
              <p className="update-notes-text" data-testid="update-notes">
                {offered.releaseNotes}
              </p>
            </details>
          ) : null}
          {waitingFor ? (
            <p className="update-banner-wait" data-testid="update-restart-waits">
              Restart to update waits until {waitingFor} has finished.
            </p>
          ) : null}
          {requestError ? (
            <p className="update-banner-error" role="alert" data-testid="update-request-error">
              {requestError.message}
            </p>
          ) : null}
        </div>
        <button
          type="button"
          className="button-primary button-small"
          disabled={waitingFor !== null || sessionBusy || requesting || restartRefusal !== null}
          title={restartRefusal ?? undefined}
          onClick={() => void store.getState().restart()}
          data-testid="update-restart"
        >
          Restart to update
        </button>
      </div>
    );
  }

  // Only a refusal interrupts the technician; an unreachable feed (offline at a clinic) is in Settings.
  if (update.phase === 'error' && update.refused) {
    return (
      <div className="update-banner update-banner-error-state" data-testid="update-banner" data-phase="error" role="region" aria-label="Update problem">
        <p className="update-banner-text">
          {update.message ?? 'The update was refused.'} The console keeps working on version {update.currentVersion}.
        </p>
        <button
          type="button"
          className="button-secondary button-small"
          disabled={requesting || checkRefusal !== null}
          title={checkRefusal ?? undefined}
          onClick={() => void store.getState().check()}
          data-testid="update-check-again"
        >
          Check again
        </button>
      </div>
    );
  }

  // unsupported (web shell, development build), idle, checking, up to date, feed unreachable: nothing to act on here.
  return null;
}
