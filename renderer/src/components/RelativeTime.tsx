import { formatRelativeTime, formatTimeTitle, type ClinicZone } from '../format/time.ts';

/** "5 min ago"; on hover the exact time in the technician's zone, and the clinic's when the time is about one. */
export function RelativeTime({ iso, now, clinicZone }: { iso: string; now: number; clinicZone?: ClinicZone }) {
  return (
    <time dateTime={iso} title={formatTimeTitle(iso, clinicZone)}>
      {formatRelativeTime(iso, now)}
    </time>
  );
}
