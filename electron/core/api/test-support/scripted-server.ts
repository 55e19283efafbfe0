import http from 'node:http';
import https from 'node:https';
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';

/**
 * Test support: a real HTTP(S) server on 127.0.0.1:0 whose answers each test scripts. Every
 * request is recorded (method, path with query, headers, body) so tests can assert what the
 * client really sent.
 */
export interface RecordedRequest {
  method: string;
  /** Path and query, e.g. /api/sites?limit=5. */
  url: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

export type ScriptedHandler = (request: RecordedRequest, response: ServerResponse, raw: IncomingMessage) => void | Promise<void>;

export interface ScriptedServer {
  origin: string;
  port: number;
  requests: RecordedRequest[];
  /** Replaces the handler and forgets earlier requests. */
  script(handler: ScriptedHandler): void;
  close(): Promise<void>;
}

export async function startScriptedServer(tls: { certPem: string; keyPem: string } | null): Promise<ScriptedServer> {
  let handler: ScriptedHandler = (_request, response) => sendJson(response, 404, { error: 'Not scripted', status_code: 404 });
  const requests: RecordedRequest[] = [];
  const sockets = new Set<Socket>();

  const listener = (raw: IncomingMessage, response: ServerResponse): void => {
    const chunks: Buffer[] = [];
    raw.on('data', (chunk: Buffer) => chunks.push(chunk));
    raw.on('end', () => {
      const url = raw.url ?? '/';
      const recorded: RecordedRequest = {
        method: raw.method ?? 'GET',
        url,
        path: url.split('?', 1)[0] ?? url,
        headers: raw.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      requests.push(recorded);
      Promise.resolve(handler(recorded, response, raw)).catch((error: unknown) => {
        if (!response.headersSent) sendJson(response, 500, { error: `test handler failed: ${String(error)}`, status_code: 500 });
      });
    });
  };

  const server = tls ? https.createServer({ cert: tls.certPem, key: tls.keyPem }, listener) : http.createServer(listener);
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('server has no port');

  return {
    origin: `${tls ? 'https' : 'http'}://127.0.0.1:${address.port}`,
    port: address.port,
    requests,
    script(next) {
      handler = next;
      requests.length = 0;
    },
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

export function sendJson(response: ServerResponse, status: number, body: unknown, headers: Record<string, string | string[]> = {}): void {
  const text = JSON.stringify(body);
  response.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), ...headers });
  response.end(text);
}

/** A port nothing listens on: bound once, then released. */
export async function unusedPort(): Promise<number> {
  const probe = http.createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const address = probe.address();
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}
