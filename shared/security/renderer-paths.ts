/**
 * Maps a request's URL path to a file of the built renderer, for both shells (app:// in Electron,
 * http://127.0.0.1 in the web shell). Pure string work: the caller joins the result with its root
 * and still checks the joined path stays inside it.
 */

const CONTENT_TYPES: Record<string, string> = {
  html: 'text/html; charset=utf-8',
  js: 'text/javascript; charset=utf-8',
  mjs: 'text/javascript; charset=utf-8',
  css: 'text/css; charset=utf-8',
  json: 'application/json; charset=utf-8',
  map: 'application/json; charset=utf-8',
  svg: 'image/svg+xml',
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  webp: 'image/webp',
  ico: 'image/x-icon',
  woff: 'font/woff',
  woff2: 'font/woff2',
  ttf: 'font/ttf',
  txt: 'text/plain; charset=utf-8',
  wasm: 'application/wasm',
};

export const INDEX_FILE = 'index.html';

/**
 * The renderer-relative file for a URL path ("/" → index.html), as POSIX segments joined by "/",
 * or null when the path is not a plain file path: dot segments (also percent-encoded), encoded
 * slashes or backslashes, NUL, hidden files, empty segments, malformed escapes.
 */
export function rendererRelativePath(urlPathname: string): string | null {
  if (!urlPathname.startsWith('/')) return null;
  if (urlPathname === '/') return INDEX_FILE;
  const rawSegments = urlPathname.slice(1).split('/');
  const segments: string[] = [];
  for (const raw of rawSegments) {
    let segment: string;
    try {
      segment = decodeURIComponent(raw);
    } catch {
      return null;
    }
    if (segment === '' || segment.startsWith('.')) return null;
    if (/[/\\\0:]/.test(segment)) return null;
    segments.push(segment);
  }
  return segments.join('/');
}

/** The Content-Type to send for a file, or null for a kind the renderer never ships. */
export function contentTypeFor(relativePath: string): string | null {
  const dot = relativePath.lastIndexOf('.');
  if (dot < 0) return null;
  return CONTENT_TYPES[relativePath.slice(dot + 1).toLowerCase()] ?? null;
}

/** Headers every renderer response carries besides its Content-Type. */
export function rendererResponseHeaders(csp: string): Record<string, string> {
  return {
    'Content-Security-Policy': csp,
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Resource-Policy': 'same-origin',
    'Cache-Control': 'no-store',
  };
}
