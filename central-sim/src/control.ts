import type { IncomingMessage, ServerResponse } from 'node:http';
import { parseConfigPatch } from './config.ts';
import { applianceCount } from './fleet/model.ts';
import { refreshHeartbeats } from './fleet/mutate.ts';
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
      sessions: state.sessions.activeCount(now()),
      hangingRequests: live.hangingRequests(),
      now: pythonIsoformat(now()),
    });
  }
  if (key === 'POST /control/clock/advance') {
    const seconds = field(body, 'seconds');
    if (typeof seconds !== 'number' || !Number.isFinite(seconds) || seconds < 0) throw new BadRequest('seconds must be a non-negative number');
    state.clock.advance(seconds);
    const refreshed = refreshHeartbeats(state.fleet, now());
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
    return ok({ ...touched, lastCheckin: touched.lastCheckinMs === null ? null : pythonIsoformat(touched.lastCheckinMs) });
  }
  if (key === 'GET /control/users') return ok({ users: state.demoUsers });
  const totpMatch = /^\/control\/totp\/([^/]+)$/.exec(path);
  if (method === 'GET' && totpMatch) {
    const user = state.demoUsers.find((candidate) => candidate.username === decodeURIComponent(totpMatch[1]!));
    if (!user?.totpSecret) return { status: 404, json: { error: 'no TOTP user of that name' } };
    return ok({ code: totpCode(user.totpSecret, now()) });
  }
  return { status: 404, json: { error: `unknown control endpoint ${key}` } };
}

class BadRequest extends Error {}

function ok(json: unknown): { status: number; json: unknown } {
  return { status: 200, json };
}

function field(body: unknown, name: string): unknown {
  return typeof body === 'object' && body !== null ? (body as Record<string, unknown>)[name] : undefined;
}

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
