import { createHash, randomBytes } from 'node:crypto';
import type { SimConfig } from '../config.ts';
import type { Role, UserRecord } from './users.ts';

interface SessionRow {
  userId: string;
  createdAtMs: number;
  expiresAtMs: number;
  lastActivityMs: number;
  ipAddress: string;
  userAgent: string | null;
}

/** What validate_session hands to routes. */
export interface SessionUser {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  /** Null = global admin; otherwise the client org ids whose sites the user may see. */
  orgScope: string[] | null;
}

/**
 * admin_sessions: only sha256(secret + ":" + token) is kept. 24 h absolute (fixed at creation), 15 min idle
 * (checked on use; an idle session is deleted), and every successful validation moves last activity.
 */
export class SessionStore {
  readonly #secret = randomBytes(32).toString('base64url');
  readonly #rows = new Map<string, SessionRow>();
  readonly #users: Map<string, UserRecord>;
  readonly #config: () => SimConfig;

  constructor(users: readonly UserRecord[], config: () => SimConfig) {
    this.#users = new Map(users.map((user) => [user.id, user]));
    this.#config = config;
  }

  /** Returns the token (`secrets.token_urlsafe(32)`); it exists only in the Set-Cookie header. */
  create(userId: string, nowMs: number, ipAddress: string, userAgent: string | null): string {
    const token = randomBytes(32).toString('base64url');
    const expiresAtMs = nowMs + this.#config().sessionAbsoluteHours * 3_600_000;
    this.#rows.set(this.#hash(token), { userId, createdAtMs: nowMs, expiresAtMs, lastActivityMs: nowMs, ipAddress, userAgent });
    return token;
  }

  validate(token: string, nowMs: number): SessionUser | null {
    const hash = this.#hash(token);
    const row = this.#rows.get(hash);
    if (!row || row.expiresAtMs <= nowMs) return null;
    const user = this.#users.get(row.userId);
    if (!user || user.status !== 'active') return null;
    if (row.lastActivityMs < nowMs - this.#config().sessionIdleMinutes * 60_000) {
      this.#rows.delete(hash);
      return null;
    }
    row.lastActivityMs = nowMs;
    return { id: user.id, username: user.username, displayName: user.displayName, role: user.role, orgScope: user.orgScope === null ? null : [...user.orgScope] };
  }

  /** True when a row was deleted (logout of an unknown or expired-and-purged token answers false). */
  delete(token: string): boolean {
    return this.#rows.delete(this.#hash(token));
  }

  deleteAll(): number {
    const count = this.#rows.size;
    this.#rows.clear();
    return count;
  }

  /** Sessions that would still validate now. */
  activeCount(nowMs: number): number {
    const idleCutoff = nowMs - this.#config().sessionIdleMinutes * 60_000;
    let count = 0;
    for (const row of this.#rows.values()) if (row.expiresAtMs > nowMs && row.lastActivityMs >= idleCutoff) count++;
    return count;
  }

  #hash(token: string): string {
    return createHash('sha256').update(`${this.#secret}:${token}`).digest('hex');
  }
}
