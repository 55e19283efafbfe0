import { afterEach, describe, expect, it } from 'vitest';
import { FleetQuerySchema } from '#shared/fleet/index.ts';
import { openCache, type CacheClient } from '../cache/cache-client.ts';
import { makeTempDir, type TempDir } from '../cache/test-support/cache-fixtures.ts';
import { useScriptedApi } from '../api/test-support/api-harness.ts';
import { syncFleet } from './fleet-sync.ts';
import { cappedServer } from './test-support/fleet-responses.ts';
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

describe('syncFleet', () => {
  it('reads every site from a server that caps its page size below the requested limit', async () => {
    scripted.server.script(cappedServer);
    const result = await syncFleet({ api: scripted.client(), token: 't', cache: await freshCache() });
    expect(result.siteCount).toBe(5);
    const overviewResult = await cache!.queryFleet(FleetQuerySchema.parse(undefined));
    expect(overviewResult.rows.map((site) => site.siteId)).toEqual(['site-0', 'site-1', 'site-2', 'site-3', 'site-4']);
    expect(overviewResult.rows[3]).toMatchObject({ clinicName: 'Clinic 3', orgName: 'Org One', healthOverall: 87.4, incidents24h: 3 });
    expect(overviewResult.stats?.totalClients).toBe(5);
    const offsets = scripted.server.requests.filter((request) => request.path === '/api/sites').map((request) => new URL(request.url, 'https://x').searchParams.get('offset'));
    expect(offsets).toEqual(['0', '2', '4']);
  });

  it('sends If-None-Match with the cached ETag and reuses the cached body on 304', async () => {
    const etags = new Map<string, string>();
    let answered304 = 0;
    scripted.server.script((request, response) => {
      const etag = `W/"${request.path}"`;
      if (request.headers['if-none-match'] === etag) {
        answered304 += 1;
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
    expect(answered304).toBe(0);
    const requestsBefore = scripted.server.requests.length;
    const second = await syncFleet({ api: client, token: 't', cache: cache!, now: () => new Date('2026-11-23T11:00:00Z') });
    expect(second).toMatchObject({ changed: false, siteCount: null });
    // Nothing rewritten, yet the data is known to be current as of this sync.
    expect((await cache!.queryFleet(FleetQuerySchema.parse(undefined))).syncedAt).toBe('2026-11-23T11:00:00.000Z');
    // Counted at the server: the second sync's requests all carried the ETag and were answered 304.
    const secondRequests = scripted.server.requests.length - requestsBefore;
    expect(secondRequests).toBeGreaterThan(0);
    expect(answered304).toBe(secondRequests);
    expect(second).toMatchObject({ requests: secondRequests, notModified: secondRequests });
    expect((await cache!.queryFleet(FleetQuerySchema.parse(undefined))).rows).toHaveLength(5);
  });
});
