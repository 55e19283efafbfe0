import type Database from 'better-sqlite3-multiple-ciphers';
import type { IncidentDetailRecord, IncidentRecord } from './incident-records.ts';
import { severityRank } from './incident-records.ts';
import { fullTextRowsFromDetails } from './incident-fts-sites.ts';
import { CONTROL_SET_TALLY_KEYS, CURRENT_INCIDENT_ROLL_UPS } from './incident-control-set-tally-migration.ts';
import { CONTROL_SET_DAY_TALLY_KEYS } from './incident-day-tally-migration.ts';
import { INCIDENT_TALLY_KEYS, type RowTally } from './incident-row-tally.ts';

type Connection = Database.Database;

/**
 * Each tally a bulk insert counts per batch instead of by its per-row insert trigger, its key columns
 * as expressions over the batch's rows (rowid > ?). All of them: one left firing per row cost as much
 * as the rest of the insert.
 */
const BULK_TALLIES: readonly RowTally[] = [INCIDENT_TALLY_KEYS, CONTROL_SET_TALLY_KEYS, CONTROL_SET_DAY_TALLY_KEYS];

/** The roll-ups of those tallies (cache migrations 7, 10 and 11), summed from the same batch count. */
const BULK_ROLL_UPS = CURRENT_INCIDENT_ROLL_UPS.filter((rollUp) => BULK_TALLIES.some((tally) => tally.table === rollUp.source));

/**
 * A bulk batch's control rows, made inside SQLite from the rows it inserted (rowid > ?), as `#indexRow`
 * makes them for one row. (List rows have no full-text rows: the index holds only cached details.)
 */
const BULK_CONTROLS = `INSERT OR IGNORE INTO incident_controls (control, incident_rowid) SELECT c.value, i.rowid FROM incidents i, json_each(i.hipaa_controls) c WHERE i.rowid > ?`;

/**
 * Runs `insert` with the tallies' insert triggers dropped, then writes what the per-row path would have
 * for every incident it added (rowid above the largest before it): control rows and the three tallies
 * counted with a `GROUP BY` each. The roll-ups of a tally (cache migrations 7, 10 and 11) are summed from
 * the same batch count, their triggers on the tally dropped too: fired per tally row, they cost more
 * than the count. Every trigger is recreated from its own stored definition. Runs inside the caller's
 * transaction, so no other write ever runs without them and a failure rolls both back together.
 */
export function insertInBulk<T>(db: Connection, insert: () => T): T {
  const before = (db.prepare('SELECT COALESCE(MAX(rowid), 0) AS top FROM incidents').get() as { top: number }).top;
  const names = [...BULK_TALLIES.map((tally) => `${tally.triggerPrefix}_insert`), ...BULK_ROLL_UPS.flatMap((rollUp) => [`${rollUp.target}_insert`, `${rollUp.target}_update`])];
  const triggers = db
    .prepare<string[], { name: string; sql: string }>(`SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name IN (${names.map(() => '?').join(', ')})`)
    .all(...names);
  if (triggers.length !== names.length) throw new Error('The incident tally triggers are not all in the cache schema.');
  for (const trigger of triggers) db.exec(`DROP TRIGGER ${trigger.name}`);
  const result = insert();
  db.prepare(BULK_CONTROLS).run(before);
  for (const { table: tally, keys } of BULK_TALLIES) {
    const columns = Object.keys(keys);
    db.exec('DROP TABLE IF EXISTS temp.batch_tally');
    db.prepare(`CREATE TEMP TABLE batch_tally AS SELECT ${columns.map((name) => `${keys[name]!.of('i')} AS ${name}`).join(', ')}, count(*) AS n FROM incidents i WHERE i.rowid > ? GROUP BY ${columns.map((_, index) => index + 1).join(', ')}`).run(before);
    db.exec(`INSERT INTO ${tally} (${columns.join(', ')}, n) SELECT ${columns.join(', ')}, n FROM temp.batch_tally WHERE true ON CONFLICT DO UPDATE SET n = n + excluded.n`);
    for (const rollUp of BULK_ROLL_UPS.filter((candidate) => candidate.source === tally)) {
      const rolled = Object.keys(rollUp.keys).join(', ');
      db.exec(`INSERT INTO ${rollUp.target} (${rolled}, n) SELECT ${rolled}, SUM(n) FROM temp.batch_tally WHERE true GROUP BY ${rolled} ON CONFLICT DO UPDATE SET n = n + excluded.n`);
    }
  }
  db.exec('DROP TABLE IF EXISTS temp.batch_tally');
  for (const trigger of triggers) db.exec(trigger.sql);
  return result;
}

export interface IncidentWriteCounts {
  inserted: number;
  updated: number;
  unchanged: number;
  /** Older than the retention window: purged incidents stay purged. */
  beyondRetention: number;
}

export interface StoredRow {
  rowid: number;
  site_id: string;
  check_type: string;
  severity: string;
  level: string;
  resolved: number;
  resolved_at: string | null;
  created_at: string;
  hipaa_controls: string;
  remediation_attempts: number;
  remediation_exhausted: number;
  detail_state: number;
}

/** Statements for writing incidents; callers wrap them in one transaction. */
export class IncidentWriter {
  readonly #db: Connection;
  readonly #select;
  readonly #insert;
  readonly #update;
  readonly #hasDetail;
  readonly #ftsDelete;
  /**
   * A cached detail's full-text row, made from its stored text, hostname and site. Prepared at first use:
   * upserts on a cache from before migration 15 (the older migrations' tests write through this writer) never need it.
   */
  #ftsRowStatement: Database.Statement<[number]> | null = null;
  readonly #controlsDelete;
  readonly #controlInsert;
  readonly #bulkInsert;

  constructor(db: Connection) {
    this.#db = db;
    // Prepared once: a first sync writes every row through these, and preparing per row costs more than the write.
    this.#ftsDelete = db.prepare('DELETE FROM incident_fts WHERE rowid = ?');
    this.#controlsDelete = db.prepare('DELETE FROM incident_controls WHERE incident_rowid = ?');
    this.#controlInsert = db.prepare('INSERT OR IGNORE INTO incident_controls (control, incident_rowid) VALUES (?, ?)');
    this.#select = db.prepare<[string], StoredRow>('SELECT rowid, site_id, check_type, severity, level, resolved, resolved_at, created_at, hipaa_controls, remediation_attempts, remediation_exhausted, detail_state FROM incidents WHERE id = ?');
    this.#insert = db.prepare(
      `INSERT INTO incidents (id, site_id, check_type, severity, severity_rank, level, resolved, resolved_at, created_at, hipaa_controls, remediation_attempts, remediation_exhausted)
       VALUES (@id, @siteId, @checkType, @severity, @severityRank, @level, @resolved, @resolvedAt, @createdAt, @controls, @attempts, @exhausted)`,
    );
    this.#update = db.prepare(
      `UPDATE incidents SET site_id = @siteId, check_type = @checkType, severity = @severity, severity_rank = @severityRank, level = @level, resolved = @resolved,
         resolved_at = @resolvedAt, created_at = @createdAt, hipaa_controls = @controls, remediation_attempts = @attempts, remediation_exhausted = @exhausted,
         detail_state = CASE WHEN detail_state = 1 THEN 2 ELSE detail_state END
       WHERE rowid = @rowid`,
    );
    // Bound by position: binding twelve named parameters looks each one up on the row's object, 0.2-1.8 s
    // of the ~7 s of writer CPU a 100k first sync costs.
    this.#bulkInsert = db.prepare<ColumnParameters>(
      `INSERT INTO incidents (id, site_id, check_type, severity, severity_rank, level, resolved, resolved_at, created_at, hipaa_controls, remediation_attempts, remediation_exhausted)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (id) DO NOTHING`,
    );
    this.#hasDetail = db.prepare<[number], number>('SELECT 1 FROM incident_details WHERE incident_rowid = ?').pluck();
  }

  get #ftsRow(): Database.Statement<[number]> {
    this.#ftsRowStatement ??= this.#db.prepare(fullTextRowsFromDetails('WHERE d.incident_rowid = ?'));
    return this.#ftsRowStatement;
  }

  /** Upserts one row unless it is identical (nothing rewritten) or older than `cutoff`. */
  upsert(record: IncidentRecord, cutoff: string | null, counts: IncidentWriteCounts): number | null {
    if (beyondRetention(record, cutoff, counts)) return null;
    const stored = this.#select.get(record.id);
    const values = columnValues(record);
    if (stored === undefined) {
      const rowid = Number(this.#insert.run(values).lastInsertRowid);
      this.#indexControls(rowid, record, true);
      counts.inserted += 1;
      return rowid;
    }
    if (sameRow(stored, values)) {
      counts.unchanged += 1;
      return stored.rowid;
    }
    this.#update.run({ ...values, rowid: stored.rowid });
    if (stored.hipaa_controls !== values.controls) this.#indexControls(stored.rowid, record);
    // The full-text row carries the site (incident-fts-sites.ts): a detail word with a clinic must find it under the new one.
    if (stored.site_id !== values.siteId && this.#hasDetail.get(stored.rowid) !== undefined) {
      this.#ftsDelete.run(stored.rowid);
      this.#ftsRow.run(stored.rowid);
    }
    counts.updated += 1;
    return stored.rowid;
  }

  /**
   * The first sync's insert into an empty cache: no lookup per row (an id a shifted page repeats is
   * skipped by the unique index), the rest written for the whole batch at once (`insertInBulk`).
   */
  bulkInsert(records: readonly IncidentRecord[], cutoff: string | null, counts: IncidentWriteCounts): void {
    insertInBulk(this.#db, () => {
      for (const record of records) {
        if (beyondRetention(record, cutoff, counts)) continue;
        if (this.#bulkInsert.run(...columnParameters(record)).changes === 0) counts.unchanged += 1;
        else counts.inserted += 1;
      }
    });
  }

  putDetail(detail: IncidentDetailRecord, cutoff: string | null, counts: IncidentWriteCounts): void {
    const rowid = this.upsert(detail.incident, cutoff, counts);
    if (rowid === null) return;
    const hadDetail = this.#hasDetail.get(rowid) !== undefined;
    this.#db
      .prepare(
        `INSERT INTO incident_details (incident_rowid, appliance_id, drift_json, drift_truncated, drift_bytes, timeline_json, search_text, fetched_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (incident_rowid) DO UPDATE SET appliance_id = excluded.appliance_id, drift_json = excluded.drift_json, drift_truncated = excluded.drift_truncated,
           drift_bytes = excluded.drift_bytes, timeline_json = excluded.timeline_json, search_text = excluded.search_text, fetched_at = excluded.fetched_at`,
      )
      .run(rowid, detail.applianceId, detail.driftJson, detail.driftTruncated ? 1 : 0, detail.driftBytes, detail.timelineJson, detail.searchText, detail.fetchedAt);
    this.#db.prepare('UPDATE incidents SET hostname = ?, detail_state = 1 WHERE rowid = ?').run(detail.hostname, rowid);
    // Before the detail row above was written it may not have had one: its full-text row is replaced only if it had.
    if (hadDetail) this.#ftsDelete.run(rowid);
    this.#ftsRow.run(rowid);
  }

  /** Removes incidents (a detail answered 404: gone, or no longer in this account's scope). */
  remove(ids: readonly string[]): number {
    let removed = 0;
    for (const id of ids) {
      const stored = this.#select.get(id);
      if (stored) removed += this.#removeRowid(stored.rowid);
    }
    return removed;
  }

  /** Deletes every incident reported before `cutoff`; returns how many. */
  purgeBefore(cutoff: string): number {
    const rowids = this.#db.prepare<[string], { rowid: number }>('SELECT rowid FROM incidents WHERE created_at < ?').all(cutoff);
    for (const { rowid } of rowids) this.#removeRowid(rowid);
    return rowids.length;
  }

  #removeRowid(rowid: number): number {
    if (this.#hasDetail.get(rowid) !== undefined) this.#ftsDelete.run(rowid);
    this.#controlsDelete.run(rowid);
    this.#db.prepare('DELETE FROM incident_details WHERE incident_rowid = ?').run(rowid);
    return this.#db.prepare('DELETE FROM incidents WHERE rowid = ?').run(rowid).changes;
  }

  /** `fresh`: a row just inserted has no control rows to replace. */
  #indexControls(rowid: number, record: IncidentRecord, fresh = false): void {
    if (!fresh) this.#controlsDelete.run(rowid);
    for (const control of record.hipaaControls) this.#controlInsert.run(control, rowid);
  }
}

function beyondRetention(record: IncidentRecord, cutoff: string | null, counts: IncidentWriteCounts): boolean {
  if (cutoff === null || record.createdAt >= cutoff) return false;
  counts.beyondRetention += 1;
  return true;
}

/** A row's columns as `incidents` stores them, in its insert's column order. */
type ColumnParameters = [id: string, siteId: string, checkType: string, severity: string, severityRank: number, level: string, resolved: number, resolvedAt: string | null, createdAt: string, controls: string, attempts: number, exhausted: number];

function columnParameters(record: IncidentRecord): ColumnParameters {
  return [
    record.id, record.siteId, record.checkType, record.severity, severityRank(record.severity), record.level, record.resolved ? 1 : 0, record.resolvedAt, record.createdAt,
    JSON.stringify(record.hipaaControls), record.remediationAttempts, record.remediationExhausted ? 1 : 0,
  ];
}

/** The same columns by name, for the per-row statements and the comparison with a stored row. */
function columnValues(record: IncidentRecord) {
  const [id, siteId, checkType, severity, rank, level, resolved, resolvedAt, createdAt, controls, attempts, exhausted] = columnParameters(record);
  return { id, siteId, checkType, severity, severityRank: rank, level, resolved, resolvedAt, createdAt, controls, attempts, exhausted };
}

function sameRow(stored: StoredRow, values: Record<string, unknown>): boolean {
  return (
    stored.site_id === values.siteId && stored.check_type === values.checkType && stored.severity === values.severity && stored.level === values.level &&
    stored.resolved === values.resolved && stored.resolved_at === values.resolvedAt && stored.created_at === values.createdAt &&
    stored.hipaa_controls === values.controls && stored.remediation_attempts === values.attempts && stored.remediation_exhausted === values.exhausted
  );
}
