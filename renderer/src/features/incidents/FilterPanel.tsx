import { useState } from 'react';
import { parseSearchText } from '#shared/incidents/index.ts';
import { setFieldValues } from './search-text-edit.ts';
import { chosenValues, toggleFieldValue } from './search-text-controls.ts';
import { FACET_FIELD, FACET_ORDER, FACET_TITLE, formatFacetCount, TIME_RANGES } from './facet-fields.ts';
import type { IncidentFacets } from './incidents-store.ts';

interface FilterPanelProps {
  text: string;
  facets: IncidentFacets | null;
  onChange(text: string): void;
}

const COLLAPSED_VALUES = 6;

/**
 * The filter controls: each edits the search text (the one source of truth) and shows what the text
 * chose, with the cache's counts for the current query.
 */
export function FilterPanel({ text, facets, onChange }: FilterPanelProps) {
  const byDimension = new Map((facets?.facets ?? []).map((facet) => [facet.dimension, facet]));
  return (
    <div className="filter-panel" aria-label="Filters" role="group">
      <TimeRange text={text} onChange={onChange} />
      {FACET_ORDER.map((dimension) => {
        const facet = byDimension.get(dimension);
        if (!facet) return null;
        return <FacetGroup key={dimension} facet={facet} text={text} onChange={onChange} />;
      })}
    </div>
  );
}

function TimeRange({ text, onChange }: { text: string; onChange(text: string): void }) {
  const chosen = chosenValues(text, 'age');
  const active = chosen.length === 1 ? chosen[0] : chosen.length === 0 ? null : undefined;
  return (
    <fieldset className="facet" aria-label="Time range">
      <legend className="facet-title">Time range</legend>
      <div className="time-ranges">
        <button type="button" className="chip" aria-pressed={active === null} onClick={() => onChange(setFieldValues(text, 'age', []))}>
          All
        </button>
        {TIME_RANGES.map((range) => (
          <button
            type="button"
            key={range.age}
            className="chip"
            aria-pressed={active === parseSearchText(`age:${range.age}`).understood[0]?.value}
            onClick={() => onChange(setFieldValues(text, 'age', [range.age]))}
          >
            {range.label}
          </button>
        ))}
      </div>
    </fieldset>
  );
}

function FacetGroup({ facet, text, onChange }: { facet: IncidentFacets['facets'][number]; text: string; onChange(text: string): void }) {
  const [expanded, setExpanded] = useState(false);
  const field = FACET_FIELD[facet.dimension];
  const chosen = new Set(chosenValues(text, field).map((value) => value.toLowerCase()));
  const values = expanded ? facet.values : facet.values.slice(0, COLLAPSED_VALUES);
  // A value typed in the text that the counts do not list (e.g. a site without incidents) still shows as chosen.
  const unlisted = [...chosen].filter((value) => !facet.values.some((listed) => listed.value.toLowerCase() === value));
  return (
    <fieldset className="facet" aria-label={FACET_TITLE[facet.dimension]} data-testid={`facet-${facet.dimension}`}>
      <legend className="facet-title">{FACET_TITLE[facet.dimension]}</legend>
      <ul className="facet-values">
        {values.map((value) => (
          <li key={value.value}>
            <label className="facet-value" title={value.label === value.value ? value.label : `${value.label} (${value.value})`}>
              <input type="checkbox" checked={chosen.has(value.value.toLowerCase())} onChange={() => onChange(toggleFieldValue(text, field, value.value))} />
              <span className="facet-label">{value.label}</span>
              <span className="facet-count" data-testid="facet-count">
                {formatFacetCount(value.count, facet.exact)}
              </span>
            </label>
          </li>
        ))}
        {unlisted.map((value) => (
          <li key={`unlisted-${value}`}>
            <label className="facet-value">
              <input type="checkbox" checked onChange={() => onChange(toggleFieldValue(text, field, value))} />
              <span className="facet-label">{value}</span>
              <span className="facet-count">—</span>
            </label>
          </li>
        ))}
      </ul>
      {facet.values.length > COLLAPSED_VALUES ? (
        <button type="button" className="link-button facet-more" onClick={() => setExpanded(!expanded)}>
          {expanded ? 'Fewer' : `All ${facet.values.length}${facet.more ? '+' : ''}`}
        </button>
      ) : null}
    </fieldset>
  );
}
