import { formatScore, NO_VALUE } from '../../format/numbers.ts';

const KNOWN_HEALTH = new Set(['healthy', 'warning', 'critical']);

/** Overall health score plus the server's status word, coloured by that status. */
export function HealthCell({ score, status }: { score: number | null; status: string | null }) {
  if (score === null && status === null) return <span className="muted">{NO_VALUE}</span>;
  const tone = status !== null && KNOWN_HEALTH.has(status) ? status : 'unknown';
  return (
    <span className={`health health-${tone}`}>
      <span className="health-score">{formatScore(score)}</span>
      {status !== null ? <span className="health-status">{status}</span> : null}
    </span>
  );
}
