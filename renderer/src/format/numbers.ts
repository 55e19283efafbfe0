const countFormat = new Intl.NumberFormat(undefined, { maximumFractionDigits: 0 });
const scoreFormat = new Intl.NumberFormat(undefined, { minimumFractionDigits: 1, maximumFractionDigits: 1 });

export const NO_VALUE = '—';

export function formatCount(value: number | null | undefined): string {
  return value === null || value === undefined ? NO_VALUE : countFormat.format(value);
}

/** Scores and rates arrive as percentages (0–100); only the formatting is ours. */
export function formatPercent(value: number | null | undefined): string {
  return value === null || value === undefined ? NO_VALUE : `${scoreFormat.format(value)}%`;
}

export function formatScore(value: number | null | undefined): string {
  return value === null || value === undefined ? NO_VALUE : scoreFormat.format(value);
}

export function pluralize(count: number, singular: string, plural = `${singular}s`): string {
  return count === 1 ? singular : plural;
}
