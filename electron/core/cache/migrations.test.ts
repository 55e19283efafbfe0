import Database from 'better-sqlite3-multiple-ciphers';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isConsoleError } from '#shared/errors.ts';
import { MIGRATIONS, applyMigrations, readSchemaVersion } from './migrations.ts';
import type { Migration } from './migrations.ts';

describe('migrations', () => {
  let db: Database.Database;
  beforeEach(() => {
    db = new Database(':memory:');
  });
  afterEach(() => {
    db.close();
  });

  function tableNames(): string[] {
    return (db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name`).all() as { name: string }[]).map((row) => row.name);
  }

  it('brings a new database to the latest version with the fleet tables, once', () => {
    applyMigrations(db);
    applyMigrations(db);
    expect(readSchemaVersion(db)).toBe(Math.max(...MIGRATIONS.map((migration) => migration.version)));
    expect(tableNames()).toEqual(expect.arrayContaining(['documents', 'global_stats', 'http_cache', 'meta', 'schema_migrations', 'site_health', 'sites', 'incidents', 'incident_fts']));
    expect(db.prepare('SELECT count(*) AS applied FROM schema_migrations').get()).toEqual({ applied: MIGRATIONS.length });
  });

  it('the fleet sort migration copies each cached health score onto its site and indexes every sort key both ways', () => {
    applyMigrations(db, MIGRATIONS.filter((migration) => migration.version < 5));
    db.exec(`
      INSERT INTO sites (site_id, clinic_name, live_status, appliance_count, raw) VALUES ('s-1', 'A', 'online', 1, '{}'), ('s-2', 'B', 'offline', 2, '{}');
      INSERT INTO site_health (site_id, online_count, health_overall, incidents_24h, raw) VALUES ('s-1', 1, 87.5, 0, '{}');
    `);
    applyMigrations(db);
    expect(db.prepare('SELECT site_id, health_overall FROM sites ORDER BY site_id').all()).toEqual([
      { site_id: 's-1', health_overall: 87.5 },
      { site_id: 's-2', health_overall: null },
    ]);
    const indexes = (db.prepare(`SELECT name FROM sqlite_master WHERE type = 'index' AND name LIKE 'site%_by_%'`).all() as { name: string }[]).map((row) => row.name);
    for (const key of ['clinic_name', 'org_name', 'live_status_rank', 'health_overall', 'appliance_count', 'last_checkin']) {
      expect(indexes).toEqual(expect.arrayContaining([`sites_by_${key}`, `sites_by_${key}_desc`]));
    }
    expect(indexes).not.toContain('site_health_by_health_overall');
  });

  it('applies migrations in version order, each in its own transaction', () => {
    const applied: number[] = [];
    const migrations: Migration[] = [
      { version: 2, description: 'second', up: (connection) => { applied.push(2); connection.exec('CREATE TABLE second (id)'); } },
      { version: 1, description: 'first', up: (connection) => { applied.push(1); connection.exec('CREATE TABLE first (id)'); } },
      { version: 3, description: 'broken', up: (connection) => { connection.exec('CREATE TABLE third (id)'); throw new Error('boom'); } },
    ];
    expect(() => applyMigrations(db, migrations)).toThrow('boom');
    expect(applied).toEqual([1, 2]);
    expect(readSchemaVersion(db)).toBe(2);
    expect(tableNames()).toEqual(['first', 'schema_migrations', 'second']);
  });

  it('refuses a database newer than the migrations it knows, without writing', () => {
    applyMigrations(db);
    db.prepare('INSERT INTO schema_migrations (version, applied_at) VALUES (42, ?)').run('2030-01-01T00:00:00Z');
    const changesBefore = db.prepare('SELECT total_changes() AS changes').get();
    let thrown: unknown;
    try {
      applyMigrations(db);
    } catch (error) {
      thrown = error;
    }
    expect(isConsoleError(thrown, 'cache-newer-version')).toBe(true);
    expect(db.prepare('SELECT total_changes() AS changes').get()).toEqual(changesBefore);
  });
});
