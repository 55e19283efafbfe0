import { formatExactLocalTime, formatRelativeTime } from '../format/time.ts';

/** "5 min ago", with the exact local time on hover. */
export function RelativeTime({ iso, now }: { iso: string; now: number }) {
  return (
    <time dateTime={iso} title={formatExactLocalTime(iso)}>
      {formatRelativeTime(iso, now)}
    </time>
  );
}
