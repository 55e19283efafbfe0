import { jsonResponse } from './errors.ts';
import { header, type SimRequest, type SimResponse } from './types.ts';

/**
 * rate_limiter.py, driven by the simulator clock. Only mutations are counted; GET/HEAD/OPTIONS never are.
 * Counts are a sliding 60 s / 3600 s window, but Retry-After is "seconds to the next wall-clock minute"
 * (60 - now % 60), exactly as the real limiter computes it — so a client that waits only Retry-After can be
 * refused again and must cope with that.
 */
export interface RateLimits {
  perMinute: number;
  perHour: number;
  burstPerSecond: number;
}

export class RateLimiter {
  readonly #limits: () => RateLimits;
  readonly #hits = new Map<string, number[]>();
  readonly #burst = new Map<string, { startMs: number; count: number }>();

  constructor(limits: () => RateLimits) {
    this.#limits = limits;
  }

  /** Null when allowed (and recorded), else the seconds to tell the client to wait. */
  check(key: string, nowMs: number): number | null {
    const limits = this.#limits();
    const burst = this.#burst.get(key);
    if (burst && nowMs - burst.startMs < 1000) {
      if (burst.count >= limits.burstPerSecond) return 1;
      burst.count++;
    } else {
      this.#burst.set(key, { startMs: nowMs, count: 1 });
    }
    const hits = (this.#hits.get(key) ?? []).filter((at) => at > nowMs - 3_600_000);
    this.#hits.set(key, hits);
    const nowSeconds = nowMs / 1000;
    if (hits.filter((at) => at > nowMs - 60_000).length >= limits.perMinute) return 60 - Math.floor(nowSeconds % 60);
    if (hits.length >= limits.perHour) return 3600 - Math.floor(nowSeconds % 3600);
    hits.push(nowMs);
    return null;
  }

  reset(): void {
    this.#hits.clear();
    this.#burst.clear();
  }
}

export const AUTH_PATHS = new Set(['/api/auth/login', '/api/auth/verify-totp', '/api/partners/auth/magic', '/api/users/invite/accept']);

/** "<client IP (first X-Forwarded-For)>:<first 20 chars of Authorization>" */
export function rateLimitKey(request: SimRequest): string {
  const forwarded = header(request, 'x-forwarded-for');
  const ip = forwarded ? forwarded.split(',')[0]!.trim() : request.clientIp;
  return `${ip}:${(header(request, 'authorization') ?? '').slice(0, 20)}`;
}

export function tooManyRequests(detail: string, retryAfter: number): SimResponse {
  return jsonResponse(429, { detail, retry_after: retryAfter }, { 'Retry-After': String(retryAfter) });
}

export const AUTH_LIMIT_DETAIL = 'Too many authentication attempts. Please try again later.';
export const GENERAL_LIMIT_DETAIL = 'Rate limit exceeded. Please slow down.';
