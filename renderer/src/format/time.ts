const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** Parses the server's ISO times ("…Z" or "…+00:00"); null for anything unparseable. */
export function parseIsoTime(iso: string | null | undefined): number | null {
  if (!iso) return null;
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? null : ms;
}

/** "just now", "5 min ago", "3 h ago", "12 d ago". A time slightly ahead (clock skew) reads "just now". */
export function formatRelativeTime(iso: string, nowMs: number): string {
  const at = parseIsoTime(iso);
  if (at === null) return iso;
  const age = nowMs - at;
  if (age < 45_000) return 'just now';
  if (age < HOUR) return `${Math.max(1, Math.round(age / MINUTE))} min ago`;
  if (age < DAY) return `${Math.floor(age / HOUR)} h ago`;
  return `${Math.floor(age / DAY)} d ago`;
}

const exactFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'medium' });

/** The exact local time, for titles next to relative times. */
export function formatExactLocalTime(iso: string): string {
  const at = parseIsoTime(iso);
  return at === null ? iso : exactFormat.format(at);
}
