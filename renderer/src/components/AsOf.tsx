import { formatRelativeTime, formatTimeTitle, type ClinicZone } from '../format/time.ts';

/** "as of 5 min ago" for a panel's data, exact times on hover (RelativeTime), the ISO time in data-as-of. */
export function AsOf({ iso, now, testId, clinicZone }: { iso: string | null; now: number; testId: string; clinicZone?: ClinicZone }) {
  if (!iso) {
    return (
      <span className="as-of" data-testid={testId}>
        not fetched yet
      </span>
    );
  }
  return (
    <span className="as-of" data-testid={testId} data-as-of={iso} title={formatTimeTitle(iso, clinicZone)}>
      as of {formatRelativeTime(iso, now)}
    </span>
  );
}
