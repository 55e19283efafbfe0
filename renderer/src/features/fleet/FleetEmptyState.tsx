import { useSession, useSync } from '../../stores/use-stores.ts';
import { isFilteredQuery } from './fleet-store.ts';
import { useFleetSites } from './use-fleet.ts';

/** Why the table has no rows, in the technician's terms. */
export function FleetEmptyState({ onClearFilters }: { onClearFilters(): void }) {
  const overview = useFleetSites((s) => s.answer);
  const filtered = useFleetSites((s) => isFilteredQuery(s.answeredQuery));
  const loading = useFleetSites((s) => s.loading);
  const offline = useSession((s) => s.snapshot?.connectivity === 'offline');
  const syncPhase = useSync((s) => s.status?.phase ?? null);

  if (!overview) return <p className="muted">{loading ? 'Loading sites…' : 'No fleet data to show.'}</p>;

  if (overview.totalSites === 0 && overview.syncedAt === null) {
    if (offline) return <p>No cached fleet data yet. The first sync starts once Central Command can be reached.</p>;
    if (syncPhase === 'error') return <p>The first sync did not complete — the reason is in the status bar. Use Sync now to try again.</p>;
    return (
      <p className="first-sync" role="status">
        <span className="spinner" aria-hidden="true" />
        Syncing your fleet for the first time…
      </p>
    );
  }
  if (overview.totalSites === 0) return <p>Central Command reports no sites for this account.</p>;
  if (filtered) {
    return (
      <p>
        No sites match the current search and filter.{' '}
        <button type="button" className="button-link" onClick={onClearFilters}>
          Clear filters
        </button>
      </p>
    );
  }
  return <p className="muted">No sites to show.</p>;
}
