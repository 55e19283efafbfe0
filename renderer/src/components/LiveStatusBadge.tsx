import { LIVE_STATUSES } from '#shared/fleet/index.ts';
import { humanizeKey } from '../format/text.ts';

const KNOWN: ReadonlySet<string> = new Set(LIVE_STATUSES);

/** Colour and text together; a status the console does not know yet is shown as sent, in neutral. */
export function LiveStatusBadge({ status }: { status: string }) {
  const tone = KNOWN.has(status) ? status : 'unknown';
  return (
    <span className={`badge badge-${tone}`} data-status={status}>
      <span className="badge-dot" aria-hidden="true" />
      {humanizeKey(status)}
    </span>
  );
}
