import { RelativeTime } from '../../components/RelativeTime.tsx';
import { TierBadge } from './badges.tsx';
import { formatConfidence, readTimeline } from './remediation-timeline.ts';

/** What was tried, in order: tier, runbook, result, confidence and when. */
export function RemediationTimeline({ timelineJson, now }: { timelineJson: string; now: number }) {
  const steps = readTimeline(timelineJson);
  return (
    <section className="incident-section" aria-label="Remediation timeline">
      <h3 className="incident-section-title">Remediation timeline</h3>
      {steps.length === 0 ? (
        <p className="muted">No remediation attempted yet.</p>
      ) : (
        <ol className="timeline" data-testid="remediation-timeline">
          {steps.map((step, index) => (
            <li className="timeline-step" key={index}>
              <TierBadge level={step.tier} />
              <span className="timeline-runbook" title="Runbook">
                {step.runbookId ?? 'no runbook'}
              </span>
              <span className={`timeline-result timeline-result-${(step.result ?? 'unknown').toLowerCase().replace(/[^a-z]/g, '')}`}>{step.result ?? 'no result'}</span>
              <span className="timeline-confidence" title="Confidence">
                {formatConfidence(step.confidence)}
              </span>
              <span className="timeline-time">{step.timestamp ? <RelativeTime iso={step.timestamp} now={now} /> : '—'}</span>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
