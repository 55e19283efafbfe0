/** Cookie parsing as Starlette does it: split on ';', first '=' separates name and value, last one wins. */
export function parseCookies(headerValue: string | undefined): Map<string, string> {
  const cookies = new Map<string, string>();
  if (!headerValue) return cookies;
  for (const chunk of headerValue.split(';')) {
    const eq = chunk.indexOf('=');
    const name = (eq >= 0 ? chunk.slice(0, eq) : '').trim();
    const value = unquote((eq >= 0 ? chunk.slice(eq + 1) : chunk).trim());
    if (name || value) cookies.set(name, value);
  }
  return cookies;
}

function unquote(value: string): string {
  return value.length >= 2 && value.startsWith('"') && value.endsWith('"') ? value.slice(1, -1) : value;
}

export const SESSION_COOKIE = 'session_token';
export const CSRF_COOKIE = 'csrf_token';

export function sessionCookie(token: string): string {
  return `${SESSION_COOKIE}=${token}; HttpOnly; Secure; SameSite=Strict; Max-Age=86400; Path=/`;
}

/** Starlette's delete_cookie: empty value, expired, default attributes (SameSite=lax, not Secure). */
export function clearedSessionCookie(): string {
  return `${SESSION_COOKIE}=""; expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0; Path=/; SameSite=lax`;
}

/** Readable by scripts on purpose (double-submit), hence not HttpOnly. */
export function csrfCookie(value: string): string {
  return `${CSRF_COOKIE}=${value}; Secure; SameSite=Strict; Max-Age=86400; Path=/`;
}
