const KNOWN_SEVERITIES = new Set(['critical', 'high', 'medium', 'low']);

export function SeverityBadge({ severity }: { severity: string }) {
  const known = KNOWN_SEVERITIES.has(severity) ? severity : 'medium';
  return <span className={`severity-badge severity-${known}`}>{severity}</span>;
}

export function StateBadge({ resolved }: { resolved: boolean }) {
  return <span className={resolved ? 'state-badge state-resolved' : 'state-badge state-open'}>{resolved ? 'Resolved' : 'Open'}</span>;
}

/** L1, L2, L3, or a dash when no tier resolved it (yet). */
export function TierBadge({ level }: { level: string | null }) {
  return <span className={`tier-badge tier-${level ? level.toLowerCase().replace(/[^a-z0-9]/g, '') : 'none'}`}>{level ?? '—'}</span>;
}
