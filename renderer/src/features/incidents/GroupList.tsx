import { GROUP_LABEL, type GroupBy, type OpenGroup } from './incident-list-query.ts';
import type { IncidentFacets } from './incidents-store.ts';
import { formatFacetCount } from './facet-fields.ts';

const GROUP_DIMENSION = { site: 'site', org: 'org', checkType: 'checkType' } as const satisfies Record<GroupBy, string>;

/** The list grouped: each group with its count for the current query; opening one shows its own list. */
export function GroupList({ groupBy, facets, onOpen }: { groupBy: GroupBy; facets: IncidentFacets | null; onOpen(group: OpenGroup): void }) {
  const facet = facets?.facets.find((candidate) => candidate.dimension === GROUP_DIMENSION[groupBy]) ?? null;
  if (!facet) return <p className="muted incident-groups-empty">Counting…</p>;
  return (
    <div className="incident-groups" role="list" aria-label={`Incidents by ${GROUP_LABEL[groupBy].toLowerCase()}`} data-testid="incident-groups">
      {facet.values.length === 0 ? <p className="muted incident-groups-empty">No incidents match.</p> : null}
      {facet.values.map((value) => (
        <button type="button" role="listitem" key={value.value} className="incident-group" onClick={() => onOpen({ groupBy, value: value.value, label: value.label })} data-testid="incident-group">
          <span className="incident-group-label" title={value.label}>
            {value.label}
          </span>
          <span className="incident-group-count">{formatFacetCount(value.count, facet.exact)}</span>
        </button>
      ))}
      {facet.more ? <p className="muted incident-groups-more">The {facet.values.length} largest groups are listed; narrow the search for the rest.</p> : null}
    </div>
  );
}
