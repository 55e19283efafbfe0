import { afterEach, describe, expect, it } from 'vitest';
import { FleetQuerySchema } from '#shared/ipc/contract.ts';
import { openCache, type CacheClient } from '../cache/cache-client.ts';
import { makeTempDir, type TempDir } from '../cache/cache-test-support.ts';
import { sendJson, type RecordedRequest } from '../api/test-support/scripted-server.ts';
import { useScriptedApi } from '../api/test-support/api-harness.ts';
import { syncFleet } from './fleet-sync.ts';
import { generateCacheKeyHex } from '../vault/accounts.ts';

// syncFleet against a scripted HTTPS server (shapes as Central Command sends them) into a real cache.
const scripted = useScriptedApi();
let dir: TempDir | null = null;
let cache: CacheClient | null = null;

afterEach(async () => {
  await cache?.close();
  await dir?.remove();
  cache = null;
  dir = null;
});

async function freshCache(): Promise<CacheClient> {
  dir = await makeTempDir();
  cache = await openCache({ file: dir.file('fleet.sqlite'), keyHex: generateCacheKeyHex() });
  return cache;
}

const now = '2026-11-23T10:00:00+00:00';
function siteRow(index: number) {
  return {
    site_id: `site-${index}`, clinic_name: `Clinic ${index}`, contact_name: null, contact_email: null, tier: 'standard', status: 'online',
    live_status: 'online', onboarding_stage: 'active', created_at: now, updated_at: now, last_checkin: now, appliance_count: 1,
    client_org_id: 'org-1', org_name: 'Org One',
  };
}
function overview(index: number) {
  const metrics = { patching: 100, antivirus: 100, backup: 100, logging: 100, firewall: 100, encryption: 100, network: 0, score: 85.7 };
  return {
    site_id: `site-${index}`, name: `Clinic ${index}`, status: 'online', appliance_count: 1, online_count: 1, incidents_24h: index,
    health: { connectivity: { checkin_freshness: 100, healing_success_rate: 90, order_execution_rate: 80, score: 90 }, compliance: metrics, overall: 87.4, status: 'healthy' },
  };
}
const stats = {
  total_clients: 5, total_appliances: 5, online_appliances: 5, avg_compliance_score: 85.7, avg_connectivity_score: 90, incidents_24h: 3,
  incidents_7d: 9, incidents_30d: 20, l1_resolution_rate: 80, l2_resolution_rate: 15, l3_escalation_rate: 5, computed_at: '2026-11-23T10:00:00Z',
};

/** Five sites; /api/sites answers at most two rows a page whatever limit is asked (a capped server). */
function cappedServer(request: RecordedRequest, response: Parameters<Parameters<typeof scripted.server.script>[0]>[1]) {
  const query = new URL(request.url, 'https://x').searchParams;
  const offset = Number(query.get('offset') ?? 0);
  if (request.path === '/api/sites') {
    const sites = [0, 1, 2, 3, 4].map(siteRow).slice(offset, offset + 2);
    return sendJson(response, 200, { sites, count: sites.length, total: 5, limit: 2, offset, stats: { online: 5, stale: 0, offline: 0, pending: 0, auth_failed: 0 } });
  }
  if (request.path === '/api/dashboard/fleet') return sendJson(response, 200, [0, 1, 2, 3, 4].map(overview).slice(offset));
  if (request.path === '/api/dashboard/stats') return sendJson(response, 200, stats);
  return sendJson(response, 404, { error: 'Not Found', status_code: 404 });
}

describe('syncFleet', () => {
  it('reads every site from a server that caps its page size below the requested limit', async () => {
    scripted.server.script(cappedServer);
    const result = await syncFleet({ api: scripted.client(), token: 't', cache: await freshCache() });
    expect(result.siteCount).toBe(5);
    const overviewResult = await cache!.queryFleet(FleetQuerySchema.parse(undefined));
    expect(overviewResult.sites.map((site) => site.siteId)).toEqual(['site-0', 'site-1', 'site-2', 'site-3', 'site-4']);
    expect(overviewResult.sites[3]).toMatchObject({ clinicName: 'Clinic 3', orgName: 'Org One', healthOverall: 87.4, incidents24h: 3 });
    expect(overviewResult.stats?.totalClients).toBe(5);
    const offsets = scripted.server.requests.filter((request) => request.path === '/api/sites').map((request) => new URL(request.url, 'https://x').searchParams.get('offset'));
    expect(offsets).toEqual(['0', '2', '4']);
  });

  it('sends If-None-Match with the cached ETag and reuses the cached body on 304', async () => {
    const etags = new Map<string, string>();
    scripted.server.script((request, response) => {
      const etag = `W/"${request.path}"`;
      if (request.headers['if-none-match'] === etag) {
        response.writeHead(304, { etag });
        response.end();
        return;
      }
      etags.set(request.path, etag);
      response.setHeader('etag', etag);
      return cappedServer(request, response);
    });
    const client = scripted.client();
    await syncFleet({ api: client, token: 't', cache: await freshCache() });
    const second = await syncFleet({ api: client, token: 't', cache: cache! });
    expect(second).toMatchObject({ changed: false, siteCount: null });
    expect(second.requests).toBe(second.notModified);
    expect((await cache!.queryFleet(FleetQuerySchema.parse(undefined))).sites).toHaveLength(5);
  });
});
