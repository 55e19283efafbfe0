import type { IncidentDetailRecord, IncidentRecord } from '../incident-records.ts';

/** Incidents for the cache tests, one minute apart, newest last, deterministic. */
export const FIXTURE_NOW = '2026-11-30T12:00:00.000Z';
const CHECKS = ['patching', 'antivirus', 'backup', 'firewall', 'encryption'];
const SEVERITY_ORDER = ['critical', 'high', 'medium', 'low'];

export function incidentId(index: number): string {
  return `00000000-0000-4000-8000-${index.toString(16).padStart(12, '0')}`;
}

export function incident(index: number, overrides: Partial<IncidentRecord> = {}): IncidentRecord {
  return {
    id: incidentId(index),
    siteId: `site-${index % 3}`,
    checkType: CHECKS[index % CHECKS.length]!,
    severity: SEVERITY_ORDER[index % SEVERITY_ORDER.length]!,
    level: ['L1', 'L2', 'L3', 'none'][index % 4]!,
    resolved: index % 5 !== 0,
    resolvedAt: index % 5 !== 0 ? new Date(Date.parse(FIXTURE_NOW) - index * 30_000).toISOString() : null,
    createdAt: new Date(Date.parse(FIXTURE_NOW) - (1000 - index) * 60_000).toISOString(),
    hipaaControls: index % 2 === 0 ? ['164.312(b)'] : ['164.308(a)(1)(ii)(D)', '164.312(a)(1)'],
    remediationAttempts: index % 4,
    remediationExhausted: index % 7 === 0,
    ...overrides,
  };
}

export function incidentDetail(record: IncidentRecord, hostname: string, drift: unknown): IncidentDetailRecord {
  const driftJson = JSON.stringify(drift);
  return {
    incident: record,
    hostname,
    applianceId: `appliance-${record.siteId}`,
    driftJson,
    driftTruncated: false,
    driftBytes: Buffer.byteLength(driftJson),
    timelineJson: '[]',
    searchText: JSON.stringify(drift).replace(/[{}":,]/g, ' '),
    fetchedAt: FIXTURE_NOW,
  };
}
