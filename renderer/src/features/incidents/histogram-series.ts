import type { IncidentHistogram } from './incidents-store.ts';

type HistogramDay = IncidentHistogram['days'][number];

/** The chart's tiers, bottom of each day's stack first. */
export const TIERS = [
  { key: 'l1', label: 'L1', color: '#3fbf7f' },
  { key: 'l2', label: 'L2', color: '#5b9cff' },
  { key: 'l3', label: 'L3', color: '#b68cf5' },
  { key: 'other', label: 'Other', color: '#7f9cc4' },
  { key: 'unresolved', label: 'Unresolved', color: '#ef5f57' },
] as const satisfies ReadonlyArray<{ key: keyof Omit<HistogramDay, 'day'>; label: string; color: string }>;

export interface StackedSeries {
  /** Each day's start, in Unix seconds (UTC). */
  x: number[];
  /** Per tier, its own count each day. */
  counts: number[][];
  /** Per tier, the top of its bar: its count plus every tier below it. */
  tops: number[][];
}

/**
 * The days from the first with an incident on (the time range "All": core answers a year, most of it
 * maybe before the first cached incident); at least `minimumDays`, the last ones, when fewer have any.
 */
export function sinceFirstIncident(days: readonly HistogramDay[], minimumDays: number): HistogramDay[] {
  const first = days.findIndex((day) => dayTotal(day) > 0);
  const start = first === -1 ? days.length - minimumDays : Math.min(first, days.length - minimumDays);
  return days.slice(Math.max(0, start));
}

/** Stacked bars from the per-day counts: uPlot draws each tier as a bar from zero to its top, tallest first. */
export function stackHistogram(days: readonly HistogramDay[]): StackedSeries {
  const x = days.map((day) => Date.parse(`${day.day}T00:00:00Z`) / 1000);
  const counts = TIERS.map((tier) => days.map((day) => day[tier.key]));
  const tops: number[][] = [];
  counts.forEach((series, tierIndex) => {
    tops.push(series.map((count, dayIndex) => count + (tierIndex === 0 ? 0 : tops[tierIndex - 1]![dayIndex]!)));
  });
  return { x, counts, tops };
}

export function dayTotal(day: HistogramDay): number {
  return TIERS.reduce((sum, tier) => sum + day[tier.key], 0);
}
