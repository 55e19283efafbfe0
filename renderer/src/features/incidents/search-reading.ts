import type { IncidentPage } from './incidents-store.ts';

/** What the last answer said about the text: how it was read, what it searched, how fresh the cache is. */
export type SearchReading = Pick<IncidentPage, 'filters' | 'searchTerms' | 'notes' | 'coverage' | 'syncedAt'>;

export function readingOf(page: IncidentPage): SearchReading {
  const { filters, searchTerms, notes, coverage, syncedAt } = page;
  return { filters, searchTerms, notes, coverage, syncedAt };
}

/**
 * Every window of a list answers with the same reading: kept when equal, it does not wake the whole
 * view (its filter panel, chart, search box and every row) each time a window lands.
 */
export function sameReading(a: SearchReading | null, b: SearchReading): boolean {
  if (a === null) return false;
  return (
    a.syncedAt === b.syncedAt &&
    a.coverage.detailsCached === b.coverage.detailsCached &&
    a.coverage.incidents === b.coverage.incidents &&
    sameStrings(a.searchTerms, b.searchTerms) &&
    sameStrings(a.notes, b.notes) &&
    a.filters.length === b.filters.length &&
    a.filters.every((filter, index) => filter.field === b.filters[index]!.field && filter.value === b.filters[index]!.value)
  );
}

function sameStrings(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((value, index) => value === b[index]);
}
