import { formatCount } from '../../format/numbers.ts';
import { GROUP_BYS, GROUP_LABEL, type GroupBy } from './incident-list-query.ts';
import type { IncidentListStore } from './incidents-store.ts';
import { useConsoleStores } from '../../stores/use-stores.ts';
import { useIncidentList, useIncidents } from './use-incidents.ts';

/** Above the list: how many match (exact, or "10,000+"), the grouping, the open group, and the selection. */
export function IncidentListHeader({ list }: { list: IncidentListStore }) {
  const stores = useConsoleStores();
  const groupBy = useIncidents((s) => s.groupBy);
  const group = useIncidents((s) => s.route.group);
  // The count and its cap, not the total: every answer carries a new total object.
  const count = useIncidentList(list, (s) => s.total?.count ?? null);
  const capped = useIncidentList(list, (s) => s.total?.capped ?? false);
  const loading = useIncidentList(list, (s) => s.loading);
  const error = useIncidentList(list, (s) => s.error);
  const selected = useIncidentList(list, (s) => s.selectedKeys.size);
  const incidents = stores.incidents.getState;

  return (
    <div className="incident-list-header">
      {group ? (
        <span className="incident-breadcrumb">
          <button type="button" className="link-button" onClick={() => incidents().openGroup(null)}>
            All {GROUP_LABEL[group.groupBy].toLowerCase()} groups
          </button>
          <span className="muted"> / </span>
          <span className="incident-breadcrumb-group" title={group.value}>
            {group.label}
          </span>
        </span>
      ) : null}
      <span className="incident-count" data-testid="incident-count" data-count={count ?? ''} data-capped={count === null ? '' : capped}>
        {count === null ? (loading ? 'Counting…' : '') : `${formatCount(count)}${capped ? '+' : ''} ${count === 1 && !capped ? 'incident' : 'incidents'}`}
      </span>
      {selected > 0 ? (
        <span className="incident-selection">
          {formatCount(selected)} selected{' '}
          <button type="button" className="link-button" onClick={() => list.getState().clearSelection()}>
            Clear
          </button>
        </span>
      ) : null}
      {error ? (
        <span className="error-inline-text" role="alert">
          {error.message}
        </span>
      ) : null}
      <span className="toolbar-spacer" />
      <label className="group-by">
        Group by{' '}
        <select value={groupBy ?? ''} onChange={(event) => incidents().setGroupBy((event.target.value || null) as GroupBy | null)} aria-label="Group by">
          <option value="">Nothing</option>
          {GROUP_BYS.map((value) => (
            <option key={value} value={value}>
              {GROUP_LABEL[value]}
            </option>
          ))}
        </select>
      </label>
    </div>
  );
}
