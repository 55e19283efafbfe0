import { formatExactLocalTime, formatRelativeTime } from '../format/time.ts';

/** "as of 5 min ago" for a panel's data, exact local time on hover, the ISO time in data-as-of. */
export function AsOf({ iso, now, testId }: { iso: string | null; now: number; testId: string }) {
  if (!iso) {
    return (
      <span className="as-of" data-testid={testId}>
        not fetched yet
      </span>
    );
  }
  return (
    <span className="as-of" data-testid={testId} data-as-of={iso} title={formatExactLocalTime(iso)}>
      as of {formatRelativeTime(iso, now)}
    </span>
  );
}
