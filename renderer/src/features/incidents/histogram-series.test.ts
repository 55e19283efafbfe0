import { describe, expect, it } from 'vitest';
import { HISTOGRAM_DAYS } from '#shared/incidents/index.ts';
import { MOST_CHART_DAYS, chartDaysFor } from './incident-list-query.ts';
import { sinceFirstIncident } from './histogram-series.ts';

const day = (date: string, l1 = 0, unresolved = 0) => ({ day: date, l1, l2: 0, l3: 0, other: 0, unresolved });
const days = (count: number, withIncidentsFrom: number) =>
  Array.from({ length: count }, (_, index) => day(new Date(Date.UTC(2026, 0, 1) + index * 86_400_000).toISOString().slice(0, 10), index >= withIncidentsFrom && index % 2 === 0 ? 1 : 0, index === count - 1 ? 2 : 0));

describe('the chart\'s time range', () => {
  it('has no range without an age filter (the time range "All"), and the age filter\'s days with one, at most what core answers', () => {
    expect(MOST_CHART_DAYS).toBe(HISTOGRAM_DAYS.max);
    expect(chartDaysFor([])).toBeNull();
    expect(chartDaysFor([{ field: 'severity', value: 'critical' }])).toBeNull();
    expect(chartDaysFor([{ field: 'age', value: '<30d' }])).toBe(30);
    expect(chartDaysFor([{ field: 'age', value: '<12h' }])).toBe(1);
    expect(chartDaysFor([{ field: 'age', value: '<2w' }])).toBe(14);
    expect(chartDaysFor([{ field: 'age', value: '<900d' }])).toBe(MOST_CHART_DAYS);
  });

  it('shows "All" from the first day with an incident, and at least the last few days', () => {
    const year = days(365, 300);
    const shown = sinceFirstIncident(year, 14);
    expect(shown[0]).toEqual(year[300]);
    expect(shown).toHaveLength(65);
    expect(shown.at(-1)).toEqual(year.at(-1));
    // Incidents only on the last day: the last 14 days, not one bar.
    expect(sinceFirstIncident(days(365, 365), 14)).toHaveLength(14);
    // None at all: the last 14 days.
    expect(sinceFirstIncident(days(365, 365).map((entry) => ({ ...entry, unresolved: 0 })), 14)).toHaveLength(14);
    // Fewer days than the minimum: all of them.
    expect(sinceFirstIncident(days(5, 0), 14)).toHaveLength(5);
  });
});
