import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { Server, Socket } from 'node:net';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { DemoUser } from './auth/users.ts';
import { loadOrCreateDevPki } from './certs.ts';
import { createControlHandler } from './control.ts';
import { applianceCount } from './fleet/model.ts';
import { parseCookies } from './http/cookies.ts';
import { serializeBody } from './http/etag.ts';
import { malformedResponse, statusFaultResponse } from './http/fault-responses.ts';
import { handleApiRequest } from './http/pipeline.ts';
import type { SimRequest, SimResponse } from './http/types.ts';
import { SimState } from './state.ts';
import { totpCode } from './totp.ts';
import { EventHub } from './ws/hub.ts';

export type { DemoUser } from './auth/users.ts';

export interface SimulatorOptions {
  seed?: number;
  sites?: number;
  /** Where the development PKI lives (`<dataDir>/pki`); defaults to ~/.central-sim. */
  dataDir?: string;
  /** 0 = random. */
  port?: number;
  controlPort?: number;
  /** Base clock (tests pass a fixed one); the control API adds an offset to it. */
  now?: () => number;
  /** When set, alive appliances check in on this period of real time (the CLI uses it; tests leave it off). */
  heartbeatSeconds?: number;
  /** WebSocket clients accepted on /ws/events before new ones are closed with 1013 (the real server: 200). */
  wsMaxConnections?: number;
  /** Generated incident history, 0..1,000,000 rows; default 10 per site. */
  incidents?: number;
  /**
   * Share (0..1) of the generated history still unresolved when the simulator starts. Unset, it is what the
   * tier mix and resolution delays leave, about 7 % — far more than a fleet that heals itself within minutes.
   */
  incidentOpenShare?: number;
  /**
   * reported_at to this many seconds (0 or unset: exact), so incidents tie as a check-in reporting several at
   * once makes them; each list request then orders tied incidents afresh, as Postgres may.
   */
  incidentTieSeconds?: number;
  /** Markup, script, RTL, emoji, 300-character names and a megabyte of drift data in the content. */
  hostile?: boolean;
  /** Whether simulator time opens and changes incidents (default true; `POST /control/incidents/freeze` toggles it). */
  incidentActivity?: boolean;
}

export const MAX_INCIDENTS = 1_000_000;

export interface RunningSimulator {
  url: string;
  controlUrl: string;
  caFile: string;
  caCertPem: string;
  serverFingerprint256: string;
  users: DemoUser[];
  siteCount: number;
  applianceCount: number;
  /** Generated incidents (more are opened while the clock runs). */
  incidentCount: number;
  /** Client org id → name (to describe org-scoped users). */
  orgNames: Record<string, string>;
  /** The current TOTP code of a TOTP-enabled user, at simulator time. */
  totp(username: string): string;
  close(): Promise<void>;
}

const MAX_BODY_BYTES = 1024 * 1024;

export async function startSimulator(options: SimulatorOptions = {}): Promise<RunningSimulator> {
  const dataDir = options.dataDir ?? join(homedir(), '.central-sim');
  const pki = await loadOrCreateDevPki(join(dataDir, 'pki'));
  const incidents = options.incidents;
  if (incidents !== undefined && (!Number.isInteger(incidents) || incidents < 0 || incidents > MAX_INCIDENTS)) throw new Error(`incidents must be an integer 0..${MAX_INCIDENTS}`);
  const openShare = options.incidentOpenShare;
  if (openShare !== undefined && !(openShare >= 0 && openShare <= 1)) throw new Error('incidentOpenShare must be between 0 and 1');
  const tieSeconds = options.incidentTieSeconds;
  if (tieSeconds !== undefined && !(Number.isInteger(tieSeconds) && tieSeconds >= 0)) throw new Error('incidentTieSeconds must be a whole number of seconds, 0 or more');
  const state = new SimState({
    seed: options.seed ?? 42,
    sites: options.sites ?? 300,
    ...(incidents === undefined ? {} : { incidents }),
    ...(options.incidentOpenShare === undefined ? {} : { incidentOpenShare: options.incidentOpenShare }),
    ...(tieSeconds === undefined ? {} : { incidentTieSeconds: tieSeconds }),
    hostile: options.hostile ?? false,
    incidentActivity: options.incidentActivity ?? true,
    ...(options.now ? { now: options.now } : {}),
  });

  const hanging = new Set<ServerResponse>();
  let origin = '';
  const api = createHttpsServer({ key: pki.serverKeyPem, cert: pki.serverCertPem }, (req, res) => {
    void serveApi(req, res, state, origin, hanging);
  });
  const control = createHttpServer(createControlHandler(state, { hangingRequests: () => hanging.size }));
  const hub = new EventHub(state, options.wsMaxConnections === undefined ? {} : { maxConnections: options.wsMaxConnections });
  api.on('upgrade', (req: IncomingMessage, socket: Socket, head: Buffer) => hub.handleUpgrade(req, socket, head));
  const apiSockets = trackSockets(api);
  const controlSockets = trackSockets(control);

  const apiPort = await listen(api, options.port ?? 0);
  origin = `https://127.0.0.1:${apiPort}`;
  let controlPort: number;
  try {
    controlPort = await listen(control, options.controlPort ?? 0);
  } catch (error) {
    await hub.close();
    await closeServer(api, apiSockets);
    throw error;
  }

  const heartbeat = options.heartbeatSeconds
    ? setInterval(() => state.tick(), options.heartbeatSeconds * 1000)
    : null;
  heartbeat?.unref();

  let closing: Promise<void> | null = null;
  return {
    url: origin,
    controlUrl: `http://127.0.0.1:${controlPort}`,
    caFile: pki.caFile,
    caCertPem: pki.caCertPem,
    serverFingerprint256: pki.serverFingerprint256,
    users: state.demoUsers,
    siteCount: state.fleet.sites.length,
    applianceCount: applianceCount(state.fleet),
    incidentCount: state.incidents.baseCount,
    orgNames: Object.fromEntries(state.fleet.orgs.map((org) => [org.id, org.name])),
    totp(username: string): string {
      const user = state.demoUsers.find((candidate) => candidate.username === username);
      if (!user?.totpSecret) throw new Error(`${username} has no TOTP`);
      return totpCode(user.totpSecret, state.clock.now());
    },
    close(): Promise<void> {
      closing ??= (async () => {
        if (heartbeat) clearInterval(heartbeat);
        for (const res of hanging) res.destroy();
        hanging.clear();
        await hub.close();
        await Promise.all([closeServer(api, apiSockets), closeServer(control, controlSockets)]);
      })();
      return closing;
    },
  };
}

async function serveApi(req: IncomingMessage, res: ServerResponse, state: SimState, origin: string, hanging: Set<ServerResponse>): Promise<void> {
  try {
    const body = await readBody(req);
    if (body === null) {
      writeResponse(res, { status: 413, json: { error: 'Request Entity Too Large', status_code: 413 }, headers: {}, cookies: [] }, null);
      return;
    }
    const url = new URL(req.url ?? '/', origin);
    const method = (req.method ?? 'GET').toUpperCase();
    const fault = state.faults.take(method, url.pathname);
    if (fault?.kind === 'drop') {
      req.socket.destroy();
      return;
    }
    if (fault?.kind === 'hang') {
      hanging.add(res);
      res.on('close', () => hanging.delete(res));
      return;
    }
    if (fault?.kind === 'status') {
      const response = statusFaultResponse(fault);
      writeResponse(res, response, serializeBody(response));
      return;
    }
    if (fault?.kind === 'latency') await new Promise((resolve) => setTimeout(resolve, fault.delayMs).unref());
    const request: SimRequest = {
      method,
      path: url.pathname,
      query: url.searchParams,
      headers: req.headers,
      cookies: parseCookies(req.headers.cookie),
      body,
      clientIp: req.socket.remoteAddress ?? 'unknown',
    };
    const handled = await handleApiRequest(request, state, origin);
    if (fault?.kind === 'malformed') {
      const broken = malformedResponse(fault, handled.body);
      writeResponse(res, broken.response, broken.body);
      return;
    }
    writeResponse(res, handled.response, method === 'HEAD' ? null : handled.body);
  } catch (error) {
    console.error('central-sim: request failed', error);
    if (!res.headersSent && !res.destroyed) writeResponse(res, { status: 500, json: { error: 'Internal server error', status_code: 500 }, headers: {}, cookies: [] }, null);
  }
}

function writeResponse(res: ServerResponse, response: SimResponse, body: Buffer | null): void {
  if (res.destroyed) return;
  const bytes = body ?? (response.status === 304 ? null : serializeBody(response));
  const headers: Record<string, string | string[] | number> = { ...response.headers };
  if (bytes !== null) {
    headers['Content-Type'] = response.contentType ?? 'application/json';
    headers['Content-Length'] = bytes.length;
  } else if (response.status !== 304) {
    headers['Content-Length'] = 0;
  }
  if (response.cookies.length > 0) headers['Set-Cookie'] = response.cookies;
  res.writeHead(response.status, headers);
  res.end(bytes ?? undefined);
}

async function readBody(req: IncomingMessage): Promise<Buffer | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) return null;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

function trackSockets(server: Server): Set<Socket> {
  const sockets = new Set<Socket>();
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  return sockets;
}

function listen(server: Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      const address = server.address();
      resolve(typeof address === 'object' && address !== null ? address.port : port);
    });
  });
}

/** Never waits on open connections: hanging requests and idle keep-alive sockets are destroyed. */
function closeServer(server: Server, sockets: Set<Socket>): Promise<void> {
  return new Promise((resolve) => {
    if (!server.listening) {
      resolve();
      return;
    }
    server.close(() => resolve());
    for (const socket of sockets) socket.destroy();
  });
}
