import type { FieldKey } from '#shared/incidents/index.ts';
import type { FieldOptions } from './search-completion.ts';
import type { IncidentFacets } from './incidents-store.ts';

export type FacetDimension = IncidentFacets['facets'][number]['dimension'];

/** The search field each counted dimension filters by. */
export const FACET_FIELD: Record<FacetDimension, FieldKey> = {
  status: 'is',
  severity: 'severity',
  level: 'level',
  site: 'site',
  org: 'org',
  checkType: 'check',
  control: 'control',
};

export const FACET_TITLE: Record<FacetDimension, string> = {
  status: 'State',
  severity: 'Severity',
  level: 'Tier',
  site: 'Site',
  org: 'Organization',
  checkType: 'Check type',
  control: 'HIPAA control',
};

/** The order the filter panel lists them: the quick, few-valued ones first. */
export const FACET_ORDER: readonly FacetDimension[] = ['status', 'severity', 'level', 'site', 'org', 'checkType', 'control'];

/** The facets' values per search field: what the search box suggests after `site:`, `check:` … */
export function fieldOptionsOf(facets: IncidentFacets | null): FieldOptions {
  const options: FieldOptions = {};
  for (const facet of facets?.facets ?? []) options[FACET_FIELD[facet.dimension]] = facet.values;
  return options;
}

/** "1,234", or "10,000+" where counting stopped at the cap. */
export function formatFacetCount(count: number, exact: boolean): string {
  return `${count.toLocaleString()}${exact ? '' : '+'}`;
}

export const TIME_RANGES = [
  { label: '24 h', age: '<24h' },
  { label: '7 d', age: '<7d' },
  { label: '30 d', age: '<30d' },
  { label: '90 d', age: '<90d' },
  { label: '1 y', age: '<365d' },
] as const;
