import { formatExactLocalTime, formatRelativeTime } from '../../format/time.ts';
import { useSession, useSync } from '../../stores/use-stores.ts';

/** While core cannot reach the server, everything here is the cache's copy: say so, and how old it is. */
export function OfflineBanner({ syncedAt, now }: { syncedAt: string | null; now: number }) {
  const offline = useSession((s) => s.snapshot?.connectivity === 'offline');
  const lastSyncedAt = useSync((s) => s.status?.lastSyncedAt ?? null) ?? syncedAt;
  if (!offline) return null;
  return (
    <p className="offline-banner" role="status" data-testid="incidents-offline">
      Reviewing cached data — last synced{' '}
      {lastSyncedAt ? (
        <time dateTime={lastSyncedAt} title={formatExactLocalTime(lastSyncedAt)}>
          {formatRelativeTime(lastSyncedAt, now)}
        </time>
      ) : (
        'never'
      )}
    </p>
  );
}
