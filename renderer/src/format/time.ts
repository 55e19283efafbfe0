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

/**
 * Where a time is about one clinic: undefined = no clinic in question (only the technician's time),
 * null = the clinic's zone is unknown, otherwise its IANA zone.
 */
export type ClinicZone = string | null | undefined;

function clinicFormat(timeZone: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat | null {
  try {
    return new Intl.DateTimeFormat(undefined, { ...options, timeZone });
  } catch {
    // A zone this runtime does not know: say so rather than show a wrong time.
    return null;
  }
}

/** Hover text for a time: the technician's own zone first, then the clinic's when the time is about one. */
export function formatTimeTitle(iso: string, clinicZone: ClinicZone): string {
  const local = formatExactLocalTime(iso);
  if (clinicZone === undefined) return local;
  const at = parseIsoTime(iso);
  if (at === null) return local;
  if (clinicZone === null) return `${local} (your time)\nClinic time zone unknown: the site's address names no US state.`;
  const format = clinicFormat(clinicZone, { dateStyle: 'medium', timeStyle: 'medium' });
  const zoneName = clinicFormat(clinicZone, { timeZoneName: 'short' })?.formatToParts(at).find((part) => part.type === 'timeZoneName')?.value;
  if (!format) return `${local} (your time)\nClinic time zone "${clinicZone}" is not known to this computer.`;
  return `${local} (your time)\n${format.format(at)}${zoneName ? ` ${zoneName}` : ''} at the clinic (${clinicZone})`;
}

/** "9:15 AM CST" now at the clinic, or null when its zone is unknown. */
export function formatClinicClock(nowMs: number, clinicZone: string | null): string | null {
  if (!clinicZone) return null;
  return clinicFormat(clinicZone, { hour: 'numeric', minute: '2-digit', timeZoneName: 'short' })?.format(nowMs) ?? null;
}

/** "3 d 4 h", "5 h 12 min", "12 min", "< 1 min"; an uptime the server did not report is null. */
export function formatUptime(seconds: number | null): string | null {
  if (seconds === null || !Number.isFinite(seconds) || seconds < 0) return null;
  const minutes = Math.floor(seconds / 60);
  const hours = Math.floor(minutes / 60);
  const days = Math.floor(hours / 24);
  if (days > 0) return `${days} d ${hours % 24} h`;
  if (hours > 0) return `${hours} h ${minutes % 60} min`;
  if (minutes > 0) return `${minutes} min`;
  return '< 1 min';
}
