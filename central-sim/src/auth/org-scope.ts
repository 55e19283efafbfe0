import type { Fleet } from '../fleet/model.ts';
import { createRng } from '../random.ts';
import type { DemoUser, UserRecord } from './users.ts';

/** Demo users that have admin_org_assignments rows; everyone else is global. */
const SCOPED_USERNAMES = ['olga'] as const;

/**
 * Gives each scoped demo user 2-3 client orgs, chosen from the seed among orgs that own at least one listed
 * site (active, with appliances), so the scoped views are never empty. Same seed and fleet → same orgs.
 */
export function assignOrgScopes(fleet: Fleet, demo: DemoUser[], records: UserRecord[]): void {
  const eligible = fleet.orgs.filter((org) => fleet.sites.some((site) => site.clientOrgId === org.id && site.status !== 'inactive' && site.appliances.length > 0));
  for (const username of SCOPED_USERNAMES) {
    const rng = createRng(fleet.seed, `org-scope:${username}`);
    const pool = [...eligible];
    const wanted = Math.min(pool.length, rng.int(2, 3));
    const chosen: string[] = [];
    for (let i = 0; i < wanted; i++) chosen.push(pool.splice(Math.floor(rng.next() * pool.length), 1)[0]!.id);
    // Fleet order, so listings of the scope are stable.
    const scope = fleet.orgs.map((org) => org.id).filter((id) => chosen.includes(id));
    for (const user of [...demo, ...records]) if (user.username === username) user.orgScope = scope;
  }
}
