import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Agent, request } from 'undici';
import { startSimulator, type RunningSimulator, type SimulatorOptions } from '../server.ts';

/** Test helpers: a simulator in a temp data dir, and a small HTTPS client that trusts only the sim's CA. */

export interface TestSim {
  sim: RunningSimulator;
  /** Closes the simulator and removes its data dir. */
  stop(): Promise<void>;
}

/** Incidents change only when the test says so (option `incidentActivity: true` or `POST /control/incidents/freeze`). */
export async function startTestSim(options: Omit<SimulatorOptions, 'dataDir'> = {}): Promise<TestSim> {
  const dataDir = await mkdtemp(join(tmpdir(), 'central-sim-test-'));
  try {
    const sim = await startSimulator({ sites: 60, incidentActivity: false, ...options, dataDir });
    return {
      sim,
      stop: async () => {
        await sim.close();
        await rm(dataDir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await rm(dataDir, { recursive: true, force: true });
    throw error;
  }
}

export interface ApiResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  json: unknown;
  setCookies: string[];
}

export interface RequestOptions {
  json?: unknown;
  rawBody?: string;
  headers?: Record<string, string>;
  /** Send the session token as `Authorization: Bearer` (and keep it out of the Cookie header). */
  bearer?: string;
  /** Echo the jar's csrf_token in X-CSRF-Token on mutations (default true). */
  csrf?: boolean;
  /** Send the jar's cookies (default true). */
  cookies?: boolean;
  signal?: AbortSignal;
}

/** One user's HTTP client with a cookie jar, talking to the simulator over real TLS. */
export class SimClient {
  readonly jar = new Map<string, string>();
  readonly #sim: RunningSimulator;
  readonly #agent: Agent;

  constructor(sim: RunningSimulator) {
    this.#sim = sim;
    this.#agent = new Agent({ connect: { ca: sim.caCertPem } });
  }

  async request(method: string, path: string, options: RequestOptions = {}): Promise<ApiResponse> {
    const headers: Record<string, string> = { ...options.headers };
    if (options.json !== undefined) headers['content-type'] ??= 'application/json';
    if (options.bearer !== undefined) headers.authorization = `Bearer ${options.bearer}`;
    const jar = [...this.jar].filter(([name]) => !(options.bearer !== undefined && name === 'session_token'));
    if (options.cookies !== false && jar.length > 0) headers.cookie = jar.map(([name, value]) => `${name}=${value}`).join('; ');
    const csrf = this.jar.get('csrf_token');
    if (!['GET', 'HEAD', 'OPTIONS'].includes(method) && options.csrf !== false && csrf) headers['x-csrf-token'] = csrf;
    const response = await request(`${this.#sim.url}${path}`, {
      method: method as 'GET',
      headers,
      body: options.rawBody ?? (options.json === undefined ? undefined : JSON.stringify(options.json)),
      dispatcher: this.#agent,
      ...(options.signal ? { signal: options.signal } : {}),
    });
    const text = await response.body.text();
    const raw = response.headers['set-cookie'];
    const setCookies = raw === undefined ? [] : Array.isArray(raw) ? raw : [raw];
    for (const cookie of setCookies) {
      const [pair] = cookie.split(';');
      const eq = pair!.indexOf('=');
      const name = pair!.slice(0, eq);
      if (/max-age=0/i.test(cookie)) this.jar.delete(name);
      else this.jar.set(name, pair!.slice(eq + 1));
    }
    let json: unknown;
    try {
      json = text === '' ? undefined : JSON.parse(text);
    } catch {
      json = undefined;
    }
    return { status: response.statusCode, headers: response.headers, text, json, setCookies };
  }

  get(path: string, options: RequestOptions = {}): Promise<ApiResponse> {
    return this.request('GET', path, options);
  }

  post(path: string, json?: unknown, options: RequestOptions = {}): Promise<ApiResponse> {
    return this.request('POST', path, { ...options, ...(json === undefined ? {} : { json }) });
  }

  /** GET /api/auth/me first when needed, so the jar holds a csrf_token (verify-totp requires one). */
  async ensureCsrf(): Promise<string> {
    if (!this.jar.has('csrf_token')) await this.get('/api/auth/me');
    return this.jar.get('csrf_token')!;
  }

  async login(username: string, password: string): Promise<ApiResponse> {
    return this.post('/api/auth/login', { username, password });
  }

  close(): Promise<void> {
    return this.#agent.close();
  }
}

export async function control(sim: RunningSimulator, method: string, path: string, body?: unknown): Promise<{ status: number; json: Record<string, unknown> }> {
  const response = await request(`${sim.controlUrl}${path}`, {
    method: method as 'GET',
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.body.text();
  return { status: response.statusCode, json: text ? JSON.parse(text) : undefined };
}

export function passwordOf(sim: RunningSimulator, username: string): string {
  const user = sim.users.find((candidate) => candidate.username === username);
  if (!user) throw new Error(`no demo user ${username}`);
  return user.password;
}
