/** One step of an incident's remediation, as the timeline shows it; fields the server left out are null. */
export interface RemediationStep {
  tier: string | null;
  runbookId: string | null;
  result: string | null;
  confidence: number | null;
  timestamp: string | null;
}

const text = (value: unknown): string | null => (typeof value === 'string' && value !== '' ? value : null);

/** The timeline core cached (`timelineJson`), read defensively: anything that is not a list of steps is an empty timeline. */
export function readTimeline(timelineJson: string): RemediationStep[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(timelineJson);
  } catch {
    return [];
  }
  if (!Array.isArray(parsed)) return [];
  return parsed
    .filter((step): step is Record<string, unknown> => typeof step === 'object' && step !== null)
    .map((step) => ({
      tier: text(step.tier),
      runbookId: text(step.runbook_id ?? step.runbookId),
      result: text(step.result),
      confidence: typeof step.confidence === 'number' && Number.isFinite(step.confidence) ? step.confidence : null,
      timestamp: text(step.timestamp),
    }));
}

/** Confidence arrives as 0..1 (or, from older appliances, 0..100). */
export function formatConfidence(confidence: number | null): string {
  if (confidence === null) return '—';
  const percent = confidence <= 1 ? confidence * 100 : confidence;
  return `${Math.round(percent)}%`;
}
