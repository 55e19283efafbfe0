import { describe, expect, it } from 'vitest';
import type { CacheClient } from '../cache/cache-client.ts';
import { openRawConnection, useCacheFolder } from '../cache/test-support/cache-fixtures.ts';
import { generateCacheKeyHex } from '../vault/accounts.ts';
import type { IncidentRecord } from './incident-records.ts';
import { FIXTURE_NOW, incident } from './test-support/incident-fixtures.ts';

// A first sync's bulk batches count their tallies (and the roll-ups without site) from the rows they
// insert, instead of the per-row triggers: into real SQLCipher files, every tally must end as the
// per-row path leaves it, entry for entry and spelling for spelling.
const folder = useCacheFolder();
const TALLIES = ['incident_tally', 'incident_day_tally', 'incident_kind_tally', 'incident_control_tally', 'incident_control_day_tally', 'incident_control_kind_tally'];
const RETENTION_CUTOFF_ROW = 600;

/** Rows that stress the counting: NOCASE spellings, a control twice in one row, repeated ids, rows past retention, no controls. */
function awkwardRows(): IncidentRecord[] {
  const rows = Array.from({ length: 400 }, (_, index) =>
    incident(index, {
      checkType: ['backup', 'Backup', 'BACKUP', 'patching', 'Patching'][index % 5]!,
      hipaaControls: [['164.312(b)', '164.312(B)'], ['164.308(a)(1)(ii)(D)', '164.312(a)(1)'], [], ['164.312(A)(1)', '164.312(b)', '164.312(b)']][index % 4]!,
      siteId: `site-${index % 7}`,
      // Some rows older than the retention window set below: the bulk path must not count them.
      createdAt: new Date(Date.parse(FIXTURE_NOW) - (index % 9 === 0 ? RETENTION_CUTOFF_ROW : index % 50) * 86_400_000).toISOString(),
    }),
  );
  // A shifted page repeats rows: in the same batch and in the next one.
  return [...rows, rows[3]!, rows[10]!, rows[250]!];
}

async function write(cache: CacheClient, rows: IncidentRecord[], bulk: boolean, batchRows: number) {
  await cache.setIncidentSettings({ retentionDays: 365, detailDays: 7 }, FIXTURE_NOW);
  for (let start = 0; start < rows.length; start += batchRows) {
    await cache.writeIncidents({ rows: rows.slice(start, start + batchRows), bulk, deferIndexes: bulk, now: FIXTURE_NOW });
  }
  if (bulk) await cache.writeIncidents({ rows: [], buildIndexes: true, now: FIXTURE_NOW });
}

function tallies(file: string, keyHex: string) {
  const raw = openRawConnection(file, keyHex);
  try {
    const rows = (raw.prepare('SELECT count(*) AS n FROM incidents').get() as { n: number }).n;
    const counted: Record<string, unknown[]> = Object.fromEntries(TALLIES.map((table) => [table, raw.prepare(`SELECT * FROM ${table} WHERE n <> 0 ORDER BY 1, 2, 3, 4, 5`).all()]));
    return { rows, counted };
  } finally {
    raw.close();
  }
}

describe('a bulk batch\'s counted tallies', () => {
  it('are the per-row path\'s, entry for entry and spelling for spelling, with repeated ids, rows past retention and NOCASE spellings', async () => {
    const rows = awkwardRows();
    const perRowKey = generateCacheKeyHex();
    const perRow = await folder.open(perRowKey, folder.dir.file('per-row.db'));
    await write(perRow, rows, false, 150);
    const bulkKey = generateCacheKeyHex();
    const bulk = await folder.open(bulkKey, folder.dir.file('bulk.db'));
    await write(bulk, rows, true, 150);

    const expected = tallies(folder.dir.file('per-row.db'), perRowKey);
    const actual = tallies(folder.dir.file('bulk.db'), bulkKey);
    expect(expected.rows).toBe(400 - Math.ceil(400 / 9));
    expect(actual.rows).toBe(expected.rows);
    expect(expected.counted.incident_control_tally!.length).toBeGreaterThan(10);
    // Each entry keeps the spelling its first row had, so several spellings of `backup` stand in the tallies.
    expect(new Set((expected.counted.incident_kind_tally as { check_type: string }[]).map((row) => row.check_type)).size).toBeGreaterThan(2);
    for (const table of TALLIES) expect(actual.counted[table], table).toEqual(expected.counted[table]);
  }, 60_000);
});
