import type { IncidentSortKey } from '#shared/incidents/index.ts';
import type { SortDirection } from '#shared/paging/paged-query.ts';
import { setFieldValues } from './search-text-edit.ts';

export type { IncidentSortKey };
export const GROUP_BYS = ['site', 'org', 'checkType'] as const;
export type GroupBy = (typeof GROUP_BYS)[number];

/** What one windowed list asks core for: the technician's whole text and a sort. */
export interface IncidentListQuery {
  search: string;
  sortBy: IncidentSortKey;
  sortDir: SortDirection;
}

/** One group of a grouped list, opened as its own list: the query plus the group's field filter. */
export interface OpenGroup {
  groupBy: GroupBy;
  value: string;
  label: string;
}

/** The search field a grouping narrows by. */
export const GROUP_FIELD = { site: 'site', org: 'org', checkType: 'check' } as const satisfies Record<GroupBy, string>;
export const GROUP_LABEL: Record<GroupBy, string> = { site: 'Site', org: 'Organization', checkType: 'Check type' };

/** The text a group's own list searches: the technician's text with the group's field set to the group. */
export function groupSearch(search: string, group: OpenGroup | null): string {
  return group ? setFieldValues(search, GROUP_FIELD[group.groupBy], [group.value]) : search;
}

export function sameListQuery(a: IncidentListQuery | null, b: IncidentListQuery | null): boolean {
  return a !== null && b !== null && a.search === b.search && a.sortBy === b.sortBy && a.sortDir === b.sortDir;
}

const UNIT_MS: Record<string, number> = { m: 60_000, min: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };
const DAY_MS = 86_400_000;

/**
 * The most days `incidents:histogram` answers, HISTOGRAM_DAYS.max (a test holds them equal): imported
 * through the feature's index, its schemas would join the first screen's bundle (+69 KB).
 */
export const MOST_CHART_DAYS = 365;

/**
 * The chart covers the time range core read from the text (its understood `age` filter, written
 * `<7d`, `<12h` …), at least a day and at most MOST_CHART_DAYS; null without one — the time range
 * "All", asked for as MOST_CHART_DAYS and shown from its first day with incidents.
 */
export function chartDaysFor(understood: ReadonlyArray<{ field: string; value: string }>): number | null {
  const age = understood.find((filter) => filter.field === 'age' && filter.value.startsWith('<'));
  const match = age ? /^<(\d+)(min|m|h|d|w)$/.exec(age.value) : null;
  return match ? Math.min(MOST_CHART_DAYS, Math.max(1, Math.ceil((Number(match[1]) * UNIT_MS[match[2]!]!) / DAY_MS))) : null;
}
