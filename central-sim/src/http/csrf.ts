import { createHmac, randomBytes } from 'node:crypto';
import { constantTimeEqual } from '../totp.ts';
import { jsonResponse } from './errors.ts';
import type { SimResponse } from './types.ts';

/** Double-submit CSRF, as the real server does it: `csrf_token` cookie = token.hmac16, echoed in X-CSRF-Token on every mutation. */

export const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

const EXEMPT_PATHS = new Set([
  '/health', '/api/auth/login', '/api/auth/logout', '/api/appliances/checkin', '/api/appliances/order',
  '/api/appliances/evidence', '/api/partners/claim', '/api/webhook', '/api/admin/alertmanager-webhook',
  '/api/witness/submit', '/api/install/report', '/evidence', '/incidents', '/checkin', '/agent/patterns',
  '/api/users/invite/accept', '/api/users/invite/validate', '/api/partner-auth/logout', '/api/journal/upload',
]);

const EXEMPT_PREFIXES = [
  '/api/public/', '/rescue/', '/api/appliances/', '/api/agent/', '/api/provision/', '/api/orders/', '/api/evidence/',
  '/api/security-events/', '/api/devices/sync', '/api/logs/', '/api/install/report/', '/api/install/failure-report/',
  '/api/install/net-survey/', '/incidents/', '/api/watchdog/', '/api/escalations', '/api/webhook/', '/api/billing/webhook',
  '/api/oauth/', '/api/partner-auth/microsoft', '/api/partner-auth/google', '/api/partner-auth/callback',
  '/api/partners/auth/', '/api/partner-auth/email-login', '/api/partner-auth/email-signup', '/api/partner-auth/verify-totp',
  '/api/partner-auth/providers', '/api/client/auth/', '/api/portal/auth/', '/api/portal/sites/', '/api/billing/signup/',
  '/api/fleet/', '/api/cve-watch/', '/api/framework-sync/',
];

export function isCsrfExempt(path: string): boolean {
  return EXEMPT_PATHS.has(path) || EXEMPT_PREFIXES.some((prefix) => path.startsWith(prefix));
}

export function csrfFailure(): SimResponse {
  return jsonResponse(403, { detail: 'CSRF validation failed. Refresh the page and try again.' });
}

export class CsrfTokens {
  readonly #secret = randomBytes(32);

  issue(): string {
    const token = randomBytes(32).toString('base64url');
    return `${token}.${this.#sign(token)}`;
  }

  /** Cookie and header must both be present and equal, and the signature must be ours. */
  verify(cookieValue: string | undefined, headerValue: string | undefined): boolean {
    if (!cookieValue || !headerValue || !constantTimeEqual(cookieValue, headerValue)) return false;
    const dot = cookieValue.lastIndexOf('.');
    if (dot <= 0) return false;
    return constantTimeEqual(cookieValue.slice(dot + 1), this.#sign(cookieValue.slice(0, dot)));
  }

  #sign(token: string): string {
    return createHmac('sha256', this.#secret).update(token).digest('hex').slice(0, 16);
  }
}
