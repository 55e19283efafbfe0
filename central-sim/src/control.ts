import type { IncomingMessage, ServerResponse } from 'node:http';
import { parseConfigPatch } from './config.ts';
import { field, ok } from './control-answers.ts';
import { incidentControl } from './control-incidents.ts';
import { applianceCount } from './fleet/model.ts';
import { checkinPayload } from './fleet/event-payloads.ts';
import { findAppliance, forceOffline, forceOnline } from './fleet/force-state.ts';
import { COMPLIANCE_CATEGORIES, type ComplianceCategory } from './fleet/model.ts';
import { parseFault } from './http/faults.ts';
import type { SimState } from './state.ts';
import { pythonIsoformat } from './timestamps.ts';
import { totpCode } from './totp.ts';

/**
 * The test-control API: plain HTTP on its own loopback port, never part of Central Command's API.
 * JSON in, JSON out; 400 with {"error"} for bad input, 404 for unknown paths.
 */
export function createControlHandler(state: SimState, live: { hangingRequests: () => number }) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    try {
      const url = new URL(req.url ?? '/', 'http://control');
      const method = req.method ?? 'GET';
      const body = method === 'POST' ? await readJson(req) : undefined;
      const answer = route(state, live, method, url.pathname, body);
      send(res, answer.status, answer.json);
    } catch (error) {
      send(res, error instanceof BadRequest ? 400 : 500, { error: error instanceof Error ? error.message : String(error) });
    }
  };
}

function route(state: SimState, live: { hangingRequests: () => number }, method: string, path: string, body: unknown): { status: number; json: unknown } {
  const now = () => state.clock.now();
  const key = `${method} ${path}`;
  if (key === 'GET /control/state') {
    return ok({
      siteCount: state.fleet.sites.length,
      applianceCount: applianceCount(state.fleet),
      incidentCount: state.incidents.count,
      sessions: state.sessions.activeCount(now()),
      hangingRequests: live.hangingRequests(),
      now: pythonIsoformat(now()),
    });
  }
  if (key === 'POST /control/clock/advance') {
    const seconds = field(body, 'seconds');
    if (typeof seconds !== 'number' || !Number.isFinite(seconds) || seconds < 0) throw new BadRequest('seconds must be a non-negative number');
    state.clock.advance(seconds);
    const refreshed = state.tick();
    return ok({ now: pythonIsoformat(now()), refreshedAppliances: refreshed });
  }
  if (key === 'GET /control/config') return ok(state.config);
  if (key === 'POST /control/config') {
    const patch = parseConfigPatch(body);
    if (typeof patch === 'string') throw new BadRequest(patch);
    Object.assign(state.config, patch);
    return ok(state.config);
  }
  if (key === 'GET /control/faults') return ok({ faults: state.faults.pending() });
  if (key === 'POST /control/faults') {
    const fault = parseFault(body);
    if (typeof fault === 'string') throw new BadRequest(fault);
    state.faults.add(fault);
    return ok({ faults: state.faults.pending() });
  }
  if (key === 'DELETE /control/faults') {
    state.faults.clear();
    return ok({ faults: [] });
  }
  if (key === 'DELETE /control/rate-limits') {
    state.authLimiter.reset();
    state.generalLimiter.reset();
    return ok({ reset: true });
  }
  if (key === 'POST /control/sessions/expire') return ok({ expired: state.sessions.deleteAll() });
  if (key === 'POST /control/fleet/touch') {
    const siteId = field(body, 'siteId');
    if (siteId !== undefined && typeof siteId !== 'string') throw new BadRequest('siteId must be a string');
    const touched = state.toucher.touch(now(), siteId);
    if (!touched) return { status: 404, json: { error: `no site ${siteId}` } };
    publishTouch(state, touched.siteId, touched.applianceId, touched.complianceCategory);
    return ok({ ...touched, lastCheckin: touched.lastCheckinMs === null ? null : pythonIsoformat(touched.lastCheckinMs) });
  }
  if (key === 'GET /control/users') return ok({ users: state.demoUsers });
  const incidents = incidentControl(state, method, path, body);
  if (incidents) return incidents;
  const forced = /^\/control\/appliances\/([^/]+)\/(offline|online)$/.exec(path);
  if (method === 'POST' && forced) {
    const found = findAppliance(state.fleet, decodeURIComponent(forced[1]!));
    if (!found) return { status: 404, json: { error: 'no appliance of that id' } };
    state.drift.forget(found.appliance);
    const event = forced[2] === 'offline' ? forceOffline(found.site, found.appliance, now()) : forceOnline(found.site, found.appliance, now());
    state.events.emit(event);
    return ok(event.payload);
  }
  const totpMatch = /^\/control\/totp\/([^/]+)$/.exec(path);
  if (method === 'GET' && totpMatch) {
    const user = state.demoUsers.find((candidate) => candidate.username === decodeURIComponent(totpMatch[1]!));
    if (!user?.totpSecret) return { status: 404, json: { error: 'no TOTP user of that name' } };
    return ok({ code: totpCode(user.totpSecret, now()) });
  }
  return { status: 404, json: { error: `unknown control endpoint ${key}` } };
}

/** A touch is a check-in plus a compliance result: both go out as WebSocket hints. */
function publishTouch(state: SimState, siteId: string, applianceId: string | null, category: string | null): void {
  const now = state.clock.now();
  const site = state.fleet.sites.find((candidate) => candidate.siteId === siteId)!;
  const appliance = site.appliances.find((candidate) => candidate.applianceId === applianceId);
  if (appliance) state.events.emit({ type: 'appliance_checkin', payload: checkinPayload(site, appliance, now), atMs: now });
  if (category !== null && (COMPLIANCE_CATEGORIES as readonly string[]).includes(category)) {
    const typed = category as ComplianceCategory;
    state.events.emit({ type: 'compliance_drift', payload: state.evidence.driftPayload(site, typed, site.compliance.categories[typed] === 100, now), atMs: now });
  }
}

class BadRequest extends Error {}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8').trim();
  if (text === '') return {};
  try {
    return JSON.parse(text);
  } catch {
    throw new BadRequest('body is not valid JSON');
  }
}

function send(res: ServerResponse, status: number, json: unknown): void {
  const body = JSON.stringify(json);
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) });
  res.end(body);
}
