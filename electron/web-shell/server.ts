import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import type { EventListener } from '#core/console-service.ts';
import type { ChannelHandlers } from '#shared/ipc/contract.ts';
import { createDispatcher } from '#shared/ipc/dispatch.ts';
import { WEB_SHELL_BRIDGE_PATH, WEB_SHELL_LAUNCH_PARAM, WEB_SHELL_SCRIPT_PATH } from '#shared/ipc/ws-frames.ts';
import { contentSecurityPolicy } from '#shared/security/csp.ts';
import { rendererResponseHeaders } from '#shared/security/renderer-paths.ts';
import { createBridgeHub } from './bridge-hub.ts';
import { silentLog } from './log.ts';
import { bundleBridgePage } from './page-bundle.ts';
import { launchRefusalPage, pageSecretMetaTag } from './launch-pages.ts';
import { createPageKeys } from './page-keys.ts';
import { injectBridgeScript, isIndexFile, readRendererFile } from './static-files.ts';
import type { Log } from '#core/log.ts';

export interface WebShellOptions {
  handlers: ChannelHandlers;
  onEvent: (listener: EventListener) => () => void;
  rendererDir: string;
  /** 0 or absent: any free port. */
  port?: number;
  log?: Log;
  /** How long a page that disconnected may take to come back (a reload) before `closed` resolves. */
  reconnectGraceMs?: number;
  /** How long a new socket may take to send its hello (default 2 s). */
  helloTimeoutMs?: number;
}

export interface WebShell {
  /**
   * http://127.0.0.1:PORT/?launch=<code> — the only way in, and it works once: the first load spends
   * the code and gets this tab's page secret; any later load of it is refused with a page saying so.
   */
  url: string;
  origin: string;
  close(): Promise<void>;
  /** Resolves when the page disconnected and did not come back within the grace period, or after close(). */
  closed: Promise<void>;
}

const HOST = '127.0.0.1';

/**
 * Serves the built renderer on 127.0.0.1 and bridges the IPC contract to `handlers` over one
 * authenticated WebSocket (docs/ARCHITECTURE.md). Dev, demo and test only; never packaged.
 */
export async function startWebShell(options: WebShellOptions): Promise<WebShell> {
  const log = options.log ?? silentLog;
  const reconnectGraceMs = options.reconnectGraceMs ?? 5_000;
  const keys = createPageKeys();
  const launchCode = keys.issueLaunchCode();
  const pageScript = await bundleBridgePage();
  const dispatch = createDispatcher(options.handlers, {
    onUnexpectedError: (channel, error) => log('error', 'Handler failed', { channel, error: error instanceof Error ? error.message : String(error) }),
  });

  let resolveClosed!: () => void;
  const closed = new Promise<void>((resolve) => (resolveClosed = resolve));
  let graceTimer: ReturnType<typeof setTimeout> | null = null;
  const hub = createBridgeHub({
    isPageSecret: (secret) => keys.isPageSecret(secret),
    dispatch,
    log,
    helloTimeoutMs: options.helloTimeoutMs ?? 2_000,
    onPresenceChange: (connected) => {
      if (graceTimer) clearTimeout(graceTimer);
      graceTimer = connected ? null : setTimeout(resolveClosed, reconnectGraceMs);
    },
  });
  const unsubscribe = options.onEvent((event, payload) => hub.pushEvent(event, payload));

  // Filled in once listening: every check compares against the real port.
  let expectedHost = '';
  let expectedOrigin = '';
  let headers: Record<string, string> = {};

  const server = createServer((request, response) => {
    void serveHttp(request, response).catch((error: unknown) => {
      log('error', 'Serving a request failed', { error: String(error) });
      if (!response.headersSent) response.writeHead(500, headers);
      response.end();
    });
  });
  const sockets = new WebSocketServer({ noServer: true, maxPayload: 1024 * 1024 });

  async function serveHttp(request: IncomingMessage, response: ServerResponse): Promise<void> {
    // DNS rebinding and other origins: only pages addressed as 127.0.0.1:<port> are served.
    if (request.headers.host !== expectedHost || (request.headers.origin !== undefined && request.headers.origin !== expectedOrigin)) {
      response.writeHead(403, { ...headers, 'Content-Type': 'text/plain; charset=utf-8' }).end('Forbidden');
      return;
    }
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.writeHead(405, { ...headers, Allow: 'GET, HEAD' }).end();
      return;
    }
    const requestUrl = new URL(request.url ?? '/', expectedOrigin);
    const pathname = requestUrl.pathname;
    const launch = requestUrl.searchParams.get(WEB_SHELL_LAUNCH_PARAM);
    let pageSecretTag = '';
    if (launch !== null) {
      // Only a real load spends the code: not a HEAD, not another path.
      if (request.method !== 'GET' || pathname !== '/') {
        response.writeHead(pathname === '/' ? 405 : 404, { ...headers, 'Content-Type': 'text/plain; charset=utf-8', Allow: 'GET' }).end();
        return;
      }
      const outcome = keys.spend(launch);
      if (outcome.kind !== 'page') {
        log('warn', outcome.kind === 'spent' ? 'Refused a load of the launch address: it was already used' : 'Refused a load with an unknown launch code');
        const refusal = launchRefusalPage(outcome.kind);
        response.writeHead(refusal.status, { ...headers, 'Content-Type': 'text/html; charset=utf-8' }).end(refusal.html);
        return;
      }
      log('info', 'The launch address was used; it opens nothing from now on');
      pageSecretTag = pageSecretMetaTag(outcome.pageSecret);
    }
    let body: Buffer;
    let contentType: string;
    if (pathname === WEB_SHELL_SCRIPT_PATH) {
      body = Buffer.from(pageScript);
      contentType = 'text/javascript; charset=utf-8';
    } else {
      const file = await readRendererFile(options.rendererDir, pathname);
      if (file.kind === 'missing') {
        response.writeHead(404, { ...headers, 'Content-Type': 'text/plain; charset=utf-8' }).end('Not found');
        return;
      }
      body = isIndexFile(file.relativePath) ? Buffer.from(injectBridgeScript(file.body.toString('utf8'), WEB_SHELL_SCRIPT_PATH, pageSecretTag)) : file.body;
      contentType = file.contentType;
    }
    response.writeHead(200, { ...headers, 'Content-Type': contentType, 'Content-Length': String(body.byteLength) });
    response.end(request.method === 'HEAD' ? undefined : body);
  }

  server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    const pathname = new URL(request.url ?? '/', expectedOrigin).pathname;
    const refusal =
      pathname !== WEB_SHELL_BRIDGE_PATH ? 'wrong path' : request.headers.host !== expectedHost ? 'wrong Host' : request.headers.origin !== expectedOrigin ? 'wrong Origin' : null;
    if (refusal) {
      log('warn', 'Refused a WebSocket upgrade', { reason: refusal });
      socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    sockets.handleUpgrade(request, socket, head, (ws) => hub.accept(ws));
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, HOST, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('The web shell is not listening on a TCP port');
  expectedHost = `${HOST}:${address.port}`;
  expectedOrigin = `http://${expectedHost}`;
  headers = rendererResponseHeaders(contentSecurityPolicy({ shell: 'web', port: address.port }));

  let closing: Promise<void> | null = null;
  function close(): Promise<void> {
    closing ??= (async () => {
      unsubscribe();
      if (graceTimer) clearTimeout(graceTimer);
      await hub.closeAll();
      await new Promise<void>((resolve) => sockets.close(() => resolve()));
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      resolveClosed();
    })();
    return closing;
  }

  return { url: `${expectedOrigin}/?${WEB_SHELL_LAUNCH_PARAM}=${launchCode}`, origin: expectedOrigin, close, closed };
}
