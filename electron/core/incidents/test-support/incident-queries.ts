import { IncidentQuerySchema, type IncidentQueryInput } from '#shared/incidents/index.ts';
import { FIRST_WINDOW, type PageWindow } from '#shared/paging/paged-query.ts';
import type { CacheClient } from '../../cache/cache-client.ts';
import { fleet, site } from '../../cache/test-support/cache-fixtures.ts';
import { FIXTURE_NOW } from './incident-fixtures.ts';

/** Three sites in two orgs, the clinics the incident tests search for by name. */
export const THREE_SITE_FLEET = fleet({
  sites: [
    site('site-0', { clinicName: 'Alder Family Dental', orgId: 'org-north', orgName: 'North Dental Group' }),
    site('site-1', { clinicName: 'Birch Pediatrics', orgId: 'org-valley', orgName: 'Valley Health' }),
    site('site-2', { clinicName: 'Cedar Clinic', orgId: 'org-valley', orgName: 'Valley Health' }),
  ],
});

/** Every id the query lists, window after window of 500 through the cursors. */
export async function allIds(cache: CacheClient, input: IncidentQueryInput): Promise<string[]> {
  const ids: string[] = [];
  let window: PageWindow | null = FIRST_WINDOW;
  while (window !== null) {
    const page = await cache.queryIncidents(IncidentQuerySchema.parse({ ...input, window, limit: 500 }), FIXTURE_NOW);
    ids.push(...page.rows.map((row) => row.id));
    window = page.nextWindow;
  }
  return ids;
}
