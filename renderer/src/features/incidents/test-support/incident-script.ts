import { IncidentHistogramInputSchema } from '#shared/incidents/index.ts';
import type { ChannelOutput } from '#shared/ipc/contract.ts';
import { ok, type FakeBridge } from '../../../test-support/fake-bridge.ts';
import type { IncidentDetail, IncidentRow, SavedView } from '../incidents-store.ts';

export function incidentRow(index: number, overrides: Partial<IncidentRow> = {}): IncidentRow {
  return {
    id: `inc-${index}`,
    siteId: `site-${(index % 3) + 1}`,
    siteName: `Clinic ${(index % 3) + 1}`,
    hostname: `ws-${String(index).padStart(2, '0')}`,
    checkType: index % 2 === 0 ? 'patching' : 'firewall',
    severity: index % 4 === 0 ? 'critical' : 'medium',
    level: index % 3 === 0 ? 'L1' : null,
    resolved: index % 3 === 0,
    resolvedAt: index % 3 === 0 ? '2026-01-15T09:00:00Z' : null,
    createdAt: new Date(Date.parse('2026-01-15T10:00:00Z') - index * 60_000).toISOString(),
    hipaaControls: ['164.312(b)'],
    remediationAttempts: 1,
    remediationExhausted: false,
    detailCached: true,
    ...overrides,
  };
}

export function incidentDetail(row: IncidentRow, overrides: Partial<IncidentDetail> = {}): IncidentDetail {
  return {
    incident: row,
    applianceId: 'ap-01',
    driftJson: JSON.stringify({ firewall: { expected: 'on', actual: 'off' } }),
    driftTruncated: false,
    driftBytes: 48,
    timelineJson: JSON.stringify([{ tier: 'L1', runbook_id: 'RB-FW-01', result: 'success', confidence: 0.92, timestamp: '2026-01-15T09:59:00Z' }]),
    fetchedAt: '2026-01-15T10:00:20Z',
    ...overrides,
  };
}

type Facets = ChannelOutput<'incidents:facets'>;

/** Counts over the rows that match the text (a small stand-in for core's query: severity, is: and free words). */
function matching(rows: readonly IncidentRow[], search: string): IncidentRow[] {
  const words = search.split(/\s+/).filter(Boolean);
  return rows.filter((row) =>
    words.every((word) => {
      const [key, value] = word.includes(':') ? word.split(':') : [null, word];
      if (key === 'severity') return row.severity.startsWith(value ?? '');
      if (key === 'is') return value === 'open' ? !row.resolved : row.resolved;
      if (key !== null) return true;
      return (row.hostname ?? '').includes(word) || row.checkType.includes(word);
    }),
  );
}

function facetsOf(rows: readonly IncidentRow[]): Facets {
  const count = (values: string[]) => {
    const counts = new Map<string, number>();
    for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
    return [...counts].map(([value, n]) => ({ value, label: value, count: n }));
  };
  return {
    facets: [
      { dimension: 'status', values: count(rows.map((row) => (row.resolved ? 'resolved' : 'open'))), exact: true, more: false },
      { dimension: 'severity', values: count(rows.map((row) => row.severity)), exact: true, more: false },
      { dimension: 'checkType', values: count(rows.map((row) => row.checkType)), exact: true, more: false },
      { dimension: 'site', values: count(rows.map((row) => row.siteId)).map((value) => ({ ...value, label: `Clinic ${value.value.slice(5)}` })), exact: true, more: false },
    ],
    total: { count: rows.length, capped: false },
  };
}

export interface IncidentScriptOptions {
  views?: SavedView[];
  /** Holds back the answer to the window at that offset until the promise it returns settles. */
  holdWindow?: (offset: number) => Promise<void> | undefined;
}

/** The incident channels answered from `rows`, filtered by the text as core would for these fields. */
export function answerIncidents(bridge: FakeBridge, rows: readonly IncidentRow[], options: IncidentScriptOptions = {}) {
  const { views = [], holdWindow } = options;
  bridge.answer('incidents:query', async (input) => {
    const query = input as { search: string; window: { offset: number }; limit: number };
    await holdWindow?.(query.window.offset);
    const found = matching(rows, query.search);
    const offset = query.window.offset;
    return ok({
      rows: found.slice(offset, offset + query.limit),
      offset,
      total: { count: found.length, capped: false },
      nextWindow: offset + query.limit < found.length ? { offset: offset + query.limit } : null,
      // The age filters as core reads them back (the chart's range follows them).
      filters: [...query.search.matchAll(/(?:^|\s)age:(<\d+(?:min|m|h|d|w))(?=\s|$)/gu)].map((match) => ({ field: 'age', value: match[1]! })),
      searchTerms: [],
      notes: query.search.includes('severity:x') ? ['No incident has severity "x" (critical, high, medium, low).'] : [],
      coverage: { detailsCached: 4_210, incidents: 1_000_000 },
      syncedAt: '2026-01-15T10:00:00Z',
    });
  });
  bridge.answer('incidents:facets', (input) => ok(facetsOf(matching(rows, (input as { search: string }).search))));
  bridge.answer('incidents:histogram', (input) => {
    // As core reads it: the contract's default when the range is left out.
    const { days } = IncidentHistogramInputSchema.parse(input);
    return ok({ days: Array.from({ length: days }, (_, index) => ({ day: new Date(Date.UTC(2026, 0, 15 - (days - 1 - index))).toISOString().slice(0, 10), l1: 1, l2: 0, l3: 0, other: 0, unresolved: 2 })) });
  });
  bridge.answer('incidents:views', ok({ views }));
  bridge.answer('incidents:open', (input) => {
    const row = rows.find((candidate) => candidate.id === (input as { incidentId: string }).incidentId);
    return ok(row ? incidentDetail(row) : null);
  });
}
