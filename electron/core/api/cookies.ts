/**
 * Reads one cookie's value from a response's `Set-Cookie` headers. Central Command hands out the
 * session token and the CSRF token only this way. An empty value (a cookie being cleared) counts
 * as absent.
 */
export function readSetCookie(headers: Headers, name: string): string | null {
  let found: string | null = null;
  for (const line of headers.getSetCookie()) {
    const pair = line.split(';', 1)[0] ?? '';
    const equals = pair.indexOf('=');
    if (equals <= 0 || pair.slice(0, equals).trim() !== name) continue;
    const raw = pair.slice(equals + 1).trim();
    const value = raw.length >= 2 && raw.startsWith('"') && raw.endsWith('"') ? raw.slice(1, -1) : raw;
    // The last cookie of that name wins, as in a browser's jar.
    found = value === '' ? null : value;
  }
  return found;
}
