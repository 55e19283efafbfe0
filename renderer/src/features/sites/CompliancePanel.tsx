import type { ComplianceHealthView } from '#shared/sites/index.ts';
import { formatCount, formatScore } from '../../format/numbers.ts';
import { humanizeKey } from '../../format/text.ts';

function scoreTone(score: number | null): string {
  if (score === null) return 'unknown';
  if (score >= 90) return 'good';
  if (score >= 70) return 'fair';
  return 'poor';
}

/** The site's compliance health exactly as Central Command scored it; we only lay it out. */
export function ComplianceHealth({ compliance }: { compliance: ComplianceHealthView | null }) {
  if (!compliance) {
    return <p className="compliance-none muted">No data: Central Command has no compliance results for this site yet.</p>;
  }
  const { overallScore, breakdown, counts, healing } = compliance;
  return (
    <div className="compliance">
      <div className={`compliance-overall score-${scoreTone(overallScore)}`} data-testid="compliance-overall">
        <span className="compliance-overall-label">Overall score</span>
        <span className="compliance-overall-value">{overallScore === null ? 'No data' : formatScore(overallScore)}</span>
      </div>

      <ul className="compliance-breakdown" aria-label="Score by category">
        {breakdown.map((entry) => {
          const width = entry.score === null ? 0 : Math.min(100, Math.max(0, entry.score));
          return (
            <li key={entry.category} className={`compliance-category score-${scoreTone(entry.score)}`}>
              <span className="compliance-category-name">{humanizeKey(entry.category)}</span>
              <span className="compliance-bar" aria-hidden="true">
                <span className="compliance-bar-fill" style={{ width: `${width}%` }} />
              </span>
              <span className="compliance-category-score">{entry.score === null ? 'No data' : formatScore(entry.score)}</span>
            </li>
          );
        })}
      </ul>

      <dl className="compliance-counts" aria-label="Checks">
        <div>
          <dt>Passed</dt>
          <dd className="count-passed">{formatCount(counts.passed)}</dd>
        </div>
        <div>
          <dt>Failed</dt>
          <dd className={counts.failed > 0 ? 'count-failed' : undefined}>{formatCount(counts.failed)}</dd>
        </div>
        <div>
          <dt>Warnings</dt>
          <dd className={counts.warnings > 0 ? 'count-warnings' : undefined}>{formatCount(counts.warnings)}</dd>
        </div>
        <div>
          <dt>Total</dt>
          <dd>{formatCount(counts.total)}</dd>
        </div>
      </dl>

      <dl className="compliance-counts" aria-label="Healing">
        <div>
          <dt>Healing total</dt>
          <dd>{formatCount(healing.total)}</dd>
        </div>
        <div>
          <dt>Auto-healed</dt>
          <dd className="count-passed">{formatCount(healing.autoHealed)}</dd>
        </div>
        <div>
          <dt>Pending</dt>
          <dd className={healing.pending > 0 ? 'count-warnings' : undefined}>{formatCount(healing.pending)}</dd>
        </div>
      </dl>
    </div>
  );
}
