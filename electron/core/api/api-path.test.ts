import { describe, expect, it, vi } from 'vitest';
import { SiteDetailSchema } from '#shared/sites/index.ts';
import { RESOURCE_ID_KINDS } from '#shared/api/resource-id.ts';
import { GOOD_IDS, HOSTILE_IDS } from '#shared/api/resource-id-cases.ts';
import { fetchSiteView } from '../sites/site-view.ts';
import { apiPath, pathId } from './api-path.ts';
import { failure, useScriptedApi } from './test-support/api-harness.ts';
import { sendJson } from './test-support/scripted-server.ts';

const scripted = useScriptedApi();

describe('apiPath', () => {
  it.each(HOSTILE_IDS)('refuses %j (%s) for every kind with a clear invalid-input error', (id) => {
    for (const kind of RESOURCE_ID_KINDS) {
      let thrown: unknown;
      try {
        void apiPath`/api/things/${pathId(kind, id)}/detail`;
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toMatchObject({ code: 'invalid-input', message: expect.stringContaining(`${kind} id`) });
    }
  });

  it('encodes each id as exactly one segment', () => {
    expect(apiPath`/api/sites/${pathId('site', 'alder-3f9a1c')}/appliances`).toBe('/api/sites/alder-3f9a1c/appliances');
    expect(apiPath`/api/appliances/${pathId('appliance', 'alder-3f9a1c-84:3A:4B:0C:1D:2E')}`).toBe('/api/appliances/alder-3f9a1c-84%3A3A%3A4B%3A0C%3A1D%3A2E');
    expect(apiPath`/api/dashboard/incidents/${pathId('incident', GOOD_IDS[1]!)}/escalate`).toBe(`/api/dashboard/incidents/${GOOD_IDS[1]}/escalate`);
  });
});

describe('ids on the wire (scripted HTTPS server)', () => {
  it.each(HOSTILE_IDS)('a site view for %j (%s) sends no request at all', async (id) => {
    scripted.server.script((_request, response) => sendJson(response, 500, {}));
    const error = await failure(fetchSiteView(scripted.client(), 'tok', id));
    expect(error.code).toBe('invalid-input');
    expect(error.message).toContain('site id');
    expect(scripted.server.requests).toEqual([]);
  });

  it('a site view for an appliance-style id asks for exactly that site', async () => {
    scripted.server.script((_request, response) => sendJson(response, 404, { detail: 'Site not found' }));
    await failure(fetchSiteView(scripted.client(), 'tok', 'alder:3f9a1c'));
    // The three requests go out together; the first 404 settles the view before the others are recorded.
    await vi.waitFor(() => expect(scripted.server.requests.length).toBe(3));
    expect(scripted.server.requests.map((request) => request.url).sort()).toEqual(
      ['/api/dashboard/sites/alder%3A3f9a1c/compliance-health', '/api/sites/alder%3A3f9a1c', '/api/sites/alder%3A3f9a1c/appliances'].sort(),
    );
  });

  it.each(['/api/sites/../auth/me', '/api/sites/%2e%2e/auth/me', '/api/sites/x?admin=1', '/api/sites/x#y'])('the client refuses the reshaping path %s without sending it', async (path) => {
    scripted.server.script((_request, response) => sendJson(response, 500, {}));
    const error = await failure(scripted.client().getJson(path, SiteDetailSchema, { token: 'tok' }));
    expect(error.code).toBe('invalid-input');
    expect(scripted.server.requests).toEqual([]);
  });
});
