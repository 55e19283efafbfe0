import Database from 'better-sqlite3-multiple-ciphers';
import { afterAll, describe, expect, it } from 'vitest';
import { FLEET_SORT_KEYS } from '#shared/fleet/index.ts';
import { applyMigrations } from '../cache/migrations.ts';
import { fleetWindowStatements } from './fleet-order.ts';

interface PlanRow {
  id: number;
  parent: number;
  detail: string;
}

describe('the sites table window query plan', () => {
  const db = new Database(':memory:');
  applyMigrations(db);
  db.function('cc_fold', { deterministic: true }, (value: unknown) => value);
  afterAll(() => db.close());

  /** The plan of the window's inner page (the walk to the offset): the rows under its CO-ROUTINE. */
  function pagePlan(statement: string): string[] {
    const plan = db.prepare<{ limit: number; offset: number }, PlanRow>(`EXPLAIN QUERY PLAN ${statement}`).all({ limit: 100, offset: 15_000 });
    const page = plan.find((row) => /\bpage\b/.test(row.detail) && row.detail.startsWith('CO-ROUTINE'));
    expect(page, plan.map((row) => row.detail).join('\n')).toBeDefined();
    return plan.filter((row) => row.parent === page!.id).map((row) => row.detail);
  }

  for (const sortBy of FLEET_SORT_KEYS) {
    for (const sortDir of ['asc', 'desc'] as const) {
      it(`walks a covering index to a deep offset, sorting nothing, by ${sortBy} ${sortDir}`, () => {
        const { window } = fleetWindowStatements({ sortBy, sortDir, filters: { liveStatus: null, orgId: null } }, '');
        const plan = pagePlan(window);
        expect(plan.join('\n')).toMatch(/^SCAN s USING COVERING INDEX sites_by_/);
        expect(plan.join('\n')).not.toContain('TEMP B-TREE');
      });
    }
  }

  it('reads the window itself by site id, driven by the page (not a scan of every site)', () => {
    const { window } = fleetWindowStatements({ sortBy: 'healthOverall', sortDir: 'desc', filters: { liveStatus: null, orgId: null } }, '');
    const details = db.prepare<{ limit: number; offset: number }, PlanRow>(`EXPLAIN QUERY PLAN ${window}`).all({ limit: 100, offset: 0 }).map((row) => row.detail);
    expect(details).toContain('SCAN page');
    expect(details.filter((detail) => /^SCAN s\b/.test(detail))).toHaveLength(1);
  });

  it('an unfiltered list has no count of its own; a filtered one counts only its conditions', () => {
    expect(fleetWindowStatements({ sortBy: 'clinicName', sortDir: 'asc', filters: { liveStatus: null, orgId: null } }, '').count).toBeNull();
    const filtered = fleetWindowStatements({ sortBy: 'clinicName', sortDir: 'asc', filters: { liveStatus: 'online', orgId: '' } }, 'dental');
    expect(filtered.count).toContain('s.live_status = @liveStatus');
    expect(filtered.count).toContain('s.org_id IS NULL');
    expect(filtered.parameters).toEqual({ liveStatus: 'online', pattern: '%dental%' });
  });
});
