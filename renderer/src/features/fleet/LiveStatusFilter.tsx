import { LIVE_STATUSES, type LiveStatus } from '#shared/fleet/index.ts';
import { humanizeKey } from '../../format/text.ts';

interface LiveStatusFilterProps {
  value: LiveStatus | null;
  onChange(value: LiveStatus | null): void;
}

const OPTIONS: ReadonlyArray<LiveStatus | null> = [null, ...LIVE_STATUSES];

/** One press to narrow the table to a live status; the filtering itself happens in core. */
export function LiveStatusFilter({ value, onChange }: LiveStatusFilterProps) {
  return (
    <div className="segmented" role="group" aria-label="Live status filter">
      {OPTIONS.map((option) => (
        <button
          key={option ?? 'all'}
          type="button"
          className={option === null ? 'segment' : `segment segment-${option}`}
          aria-pressed={value === option}
          onClick={() => onChange(option)}
        >
          {option === null ? 'All' : humanizeKey(option)}
        </button>
      ))}
    </div>
  );
}
