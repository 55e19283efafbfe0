import { readFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { IncidentQuerySchema } from '#shared/incidents/index.ts';
import { IncidentDetailSchema } from '#shared/incidents/index.ts';
import { useCacheFolder } from '../cache/test-support/cache-fixtures.ts';
import { DRIFT_SIZE_CAP_BYTES, toIncidentDetailRecord } from './incident-records.ts';
import { FIXTURE_NOW, incident, incidentDetail } from './test-support/incident-fixtures.ts';

const folder = useCacheFolder();
const MARKER = 'Quokka-Marmalade-7731';

function apiDetail(drift: unknown) {
  return IncidentDetailSchema.parse({
    id: incident(1).id, site_id: 'site-1', hostname: 'ws-01', check_type: 'patching', severity: 'high', resolution_level: 'L1', resolved: false,
    resolved_at: null, hipaa_controls: ['164.312(b)'], remediation_attempts: 1, remediation_exhausted: false, created_at: FIXTURE_NOW,
    appliance_id: 'appliance-1', drift_data: drift, remediation_history: [],
  });
}

describe('incident details at rest', () => {
  it('the cache file and its WAL hold no drift text in plaintext, while search finds it', async () => {
    const cache = await folder.open();
    await cache.writeIncidents({ rows: [], details: [incidentDetail(incident(1), `host-${MARKER}`, { log: `${MARKER} ${'x'.repeat(5000)}` })], now: FIXTURE_NOW });
    const found = await cache.queryIncidents(IncidentQuerySchema.parse({ search: MARKER.toLowerCase() }), FIXTURE_NOW);
    expect(found.rows).toHaveLength(1);
    const file = folder.dir.file('cache.db');
    for (const path of [file, `${file}-wal`]) {
      if (!existsSync(path)) continue;
      const bytes = await readFile(path);
      expect(bytes.includes(Buffer.from(MARKER)), path).toBe(false);
      expect(bytes.includes(Buffer.from(MARKER.toLowerCase())), path).toBe(false);
    }
  });

  it('drift data over the size cap is stored cut (whole characters) and marked', async () => {
    const huge = { log: 'é'.repeat(DRIFT_SIZE_CAP_BYTES) };
    const record = toIncidentDetailRecord(apiDetail(huge), FIXTURE_NOW);
    expect(record.driftTruncated).toBe(true);
    expect(record.driftBytes).toBeGreaterThan(DRIFT_SIZE_CAP_BYTES);
    expect(Buffer.byteLength(record.driftJson!)).toBeLessThanOrEqual(DRIFT_SIZE_CAP_BYTES);
    expect(record.driftJson!.endsWith('é')).toBe(true);
    const cache = await folder.open();
    await cache.writeIncidents({ rows: [], details: [record], now: FIXTURE_NOW });
    expect(await cache.incidentDetail(incident(1).id.toUpperCase())).toMatchObject({ driftTruncated: true, driftBytes: record.driftBytes, incident: { hostname: 'ws-01', detailCached: true } });
    const small = toIncidentDetailRecord(apiDetail({ ok: true }), FIXTURE_NOW);
    expect(small).toMatchObject({ driftTruncated: false, driftJson: '{"ok":true}' });
  });
});
