import { readFile, realpath } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { contentTypeFor, rendererRelativePath, rendererResponseHeaders } from '#shared/security/renderer-paths.ts';
import { isInside } from '#core/files/is-inside.ts';

export const APP_SCHEME = 'app';
export const APP_HOST = 'console';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

export type AppFileResolution = { kind: 'file'; filePath: string; contentType: string } | { kind: 'refused'; status: 400 | 404 | 405 };

/**
 * app://console/<path> → a file inside the renderer dir. Anything else — another host, a dot
 * segment (also encoded), an encoded slash, a symlink leading out, an unknown file kind — is refused.
 */
export async function resolveAppFile(requestUrl: string, rendererDir: string): Promise<AppFileResolution> {
  let url: URL;
  try {
    url = new URL(requestUrl);
  } catch {
    return { kind: 'refused', status: 400 };
  }
  if (url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST || url.username || url.password) return { kind: 'refused', status: 404 };
  const relativePath = rendererRelativePath(url.pathname);
  if (!relativePath) return { kind: 'refused', status: 404 };
  const contentType = contentTypeFor(relativePath);
  if (!contentType) return { kind: 'refused', status: 404 };
  const root = resolve(rendererDir);
  const candidate = join(root, relativePath);
  if (!isInside(root, candidate)) return { kind: 'refused', status: 404 };
  try {
    // Resolve links on both sides so a symlink in the build output cannot point outside it.
    const [realRoot, realFile] = await Promise.all([realpath(root), realpath(candidate)]);
    if (!isInside(realRoot, realFile)) return { kind: 'refused', status: 404 };
    return { kind: 'file', filePath: realFile, contentType };
  } catch {
    return { kind: 'refused', status: 404 };
  }
}


/** The protocol.handle('app', …) handler: the file with the CSP and hardening headers, or a bare refusal. */
export function createAppProtocolHandler(options: { rendererDir: string; csp: string }): (request: Request) => Promise<Response> {
  const headers = rendererResponseHeaders(options.csp);
  return async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return refusal(405, headers);
    const resolution = await resolveAppFile(request.url, options.rendererDir);
    if (resolution.kind === 'refused') return refusal(resolution.status, headers);
    let body: Buffer;
    try {
      body = await readFile(resolution.filePath);
    } catch {
      return refusal(404, headers);
    }
    return new Response(request.method === 'HEAD' ? null : new Uint8Array(body), {
      status: 200,
      headers: { ...headers, 'Content-Type': resolution.contentType, 'Content-Length': String(body.byteLength) },
    });
  };
}

function refusal(status: number, headers: Record<string, string>): Response {
  return new Response(null, { status, headers: { ...headers, 'Content-Type': 'text/plain; charset=utf-8' } });
}
