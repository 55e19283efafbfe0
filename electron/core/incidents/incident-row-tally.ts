import type { RollUp } from './incident-kind-tally-migration.ts';

/** A tally of `incidents` rows: its table, its key columns with their declarations and their expressions over one row. */
export interface RowTally {
  table: string;
  /** Trigger names are `${prefix}_insert`, `_delete` and `_update`; a bulk write drops and replaces the insert trigger. */
  triggerPrefix: string;
  keys: Readonly<Record<string, { declaration: string; of: (row: 'NEW' | 'OLD' | 'i') => string; source: string }>>;
}

/**
 * The tally's table (the key as its primary key, WITHOUT ROWID), filled from the cached rows, and the
 * triggers that keep it as rows are inserted, deleted and changed (an update moves a row's count from
 * its old key to its new one: a change of a column outside the key subtracts and adds the same).
 */
export function rowTallySql({ table, triggerPrefix, keys }: RowTally): string {
  const columns = Object.keys(keys);
  const list = columns.join(', ');
  const values = (row: 'NEW' | 'OLD' | 'i') => columns.map((column) => keys[column]!.of(row)).join(', ');
  const subtractOld = `UPDATE ${table} SET n = n - 1 WHERE ${columns.map((column) => `${column} = ${keys[column]!.of('OLD')}`).join(' AND ')};`;
  const addNew = `INSERT INTO ${table} (${list}, n) VALUES (${values('NEW')}, 1) ON CONFLICT DO UPDATE SET n = n + 1;`;
  const sources = [...new Set(columns.map((column) => keys[column]!.source))].join(', ');
  return `
    CREATE TABLE ${table} (
      ${columns.map((column) => `${column} ${keys[column]!.declaration}`).join(', ')},
      n INTEGER NOT NULL,
      PRIMARY KEY (${list})
    ) WITHOUT ROWID;
    INSERT INTO ${table} (${list}, n) SELECT ${values('i')}, count(*) FROM incidents i GROUP BY ${columns.map((_, index) => index + 1).join(', ')};
    CREATE TRIGGER ${triggerPrefix}_insert AFTER INSERT ON incidents BEGIN ${addNew} END;
    CREATE TRIGGER ${triggerPrefix}_delete AFTER DELETE ON incidents BEGIN ${subtractOld} END;
    CREATE TRIGGER ${triggerPrefix}_update AFTER UPDATE OF ${sources} ON incidents BEGIN ${subtractOld} ${addNew} END;
  `;
}

/** A key column that is the row's own column. */
export function column(name: string, declaration: string): RowTally['keys'][string] {
  return { declaration, of: (row) => `${row}.${name}`, source: name };
}

/** The key columns every incident tally shares beside its own. */
export const KIND_COLUMNS = {
  severity: column('severity', 'TEXT NOT NULL'),
  level: column('level', 'TEXT NOT NULL'),
  resolved: column('resolved', 'INTEGER NOT NULL'),
  check_type: column('check_type', 'TEXT NOT NULL COLLATE NOCASE'),
} as const;

/** The per-site tally (cache migration 3, made by its own SQL) described as a row tally, for its bulk count and checks. */
export const INCIDENT_TALLY_KEYS: RowTally = { table: 'incident_tally', triggerPrefix: 'incidents_tally', keys: { site_id: column('site_id', 'TEXT NOT NULL'), ...KIND_COLUMNS } };

/** The tally's roll-up without the site: the same key, `site_id` left out, kept by triggers on the tally (rollUpSql). */
export function rollUpWithoutSite(tally: RowTally, target: string): RollUp {
  return { source: tally.table, target, keys: Object.fromEntries(Object.entries(tally.keys).filter(([name]) => name !== 'site_id').map(([name, key]) => [name, key.declaration])) };
}

/** The SQL that drops the tally and its triggers (test caches rolled back to before it). */
export function dropRowTallySql({ table, triggerPrefix }: RowTally): string {
  return ['insert', 'update', 'delete'].map((event) => `DROP TRIGGER IF EXISTS ${triggerPrefix}_${event};`).join(' ') + ` DROP TABLE IF EXISTS ${table};`;
}
