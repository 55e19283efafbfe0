import { formatExactLocalTime, formatRelativeTime } from '../format/time.ts';
import { useSession, useSync } from '../stores/use-stores.ts';
import { useFleetSites } from '../features/fleet/use-fleet.ts';
import { SyncDetails } from './SyncDetails.tsx';
import { SyncNowButton } from './SyncNowButton.tsx';

/** Connectivity, freshness of the data on screen, sync progress and errors, and "Sync now". */
export function StatusBar({ now }: { now: number }) {
  const offline = useSession((s) => s.snapshot?.connectivity === 'offline');
  const reviewing = useSession((s) => s.snapshot?.state === 'reviewing');
  const status = useSync((s) => s.status);
  const requestError = useSync((s) => s.requestError);
  const overviewSyncedAt = useFleetSites((s) => s.answer?.syncedAt ?? null);

  const syncedAt = status?.lastSyncedAt ?? overviewSyncedAt;
  const syncing = status?.phase === 'syncing';
  const progress = syncing ? status.progress : null;
  const errorMessage = status?.error?.message ?? requestError?.message ?? null;

  return (
    <footer className="status-bar">
      <span className={offline || reviewing ? 'connectivity connectivity-offline' : 'connectivity connectivity-online'} data-testid="connectivity">
        <span className="connectivity-dot" aria-hidden="true" />
        {reviewing ? 'Not signed in — showing cached data' : offline ? 'Offline — showing cached data' : 'Online'}
      </span>

      {syncedAt ? (
        <span className="last-synced" data-testid="last-synced" data-synced-at={syncedAt} title={formatExactLocalTime(syncedAt)}>
          Last synced {formatRelativeTime(syncedAt, now)}
        </span>
      ) : (
        <span className="last-synced" data-testid="last-synced">
          Never synced
        </span>
      )}

      {syncing ? (
        <span className="sync-progress" role="status" data-testid="sync-progress">
          <span className="spinner" aria-hidden="true" />
          {progress ? `Syncing ${progress.step} ${progress.done}/${progress.total}` : 'Syncing…'}
        </span>
      ) : null}

      {errorMessage ? (
        <span className="status-error" role="alert" title={errorMessage}>
          {errorMessage}
        </span>
      ) : null}

      <SyncDetails jobs={status?.jobs ?? []} now={now} />
      <span className="status-spacer" />
      <SyncNowButton label="Sync now" sentenceOnScreen />
    </footer>
  );
}
