import { randomBytes } from 'node:crypto';
import type { SimConfig } from '../config.ts';
import { verifyTotp } from '../totp.ts';
import type { SessionStore } from './sessions.ts';
import { consumeBackupCode, verifyPassword, type Role, type UserRecord } from './users.ts';

const MFA_PENDING_MS = 5 * 60_000;

/** The `user` object of a successful LoginResponse. `username` is what was typed (possibly the email), as on the real server. */
export interface LoginUser {
  username: string;
  displayName: string;
  role: Role;
}

export type LoginOutcome =
  | { kind: 'success'; token: string; user: LoginUser }
  | { kind: 'mfa_required'; mfaToken: string }
  | { kind: 'failure'; error: string };

interface PendingMfa {
  userId: string;
  username: string;
  displayName: string;
  role: Role;
  ipAddress: string;
  userAgent: string | null;
  expiresAtMs: number;
}

/** auth.authenticate_user and auth.complete_mfa_login, with their quirks kept (see comments). */
export class Authenticator {
  readonly #users: UserRecord[];
  readonly #sessions: SessionStore;
  readonly #config: () => SimConfig;
  readonly #pending = new Map<string, PendingMfa>();

  constructor(users: UserRecord[], sessions: SessionStore, config: () => SimConfig) {
    this.#users = users;
    this.#sessions = sessions;
    this.#config = config;
  }

  login(login: string, password: string, nowMs: number, ipAddress: string, userAgent: string | null): LoginOutcome {
    const user = this.#users.find((candidate) => candidate.username === login || candidate.email === login);
    if (!user) return { kind: 'failure', error: 'Invalid username or password' };
    if (user.lockedUntilMs !== null && user.lockedUntilMs > nowMs) {
      // timedelta.seconds // 60: rounds down, so a fresh 15-minute lock reads "14 minutes".
      return { kind: 'failure', error: `Account locked. Try again in ${Math.floor((user.lockedUntilMs - nowMs) / 60_000)} minutes.` };
    }
    // Checked before the password, so a disabled account is revealed even with a wrong password.
    if (user.status !== 'active') return { kind: 'failure', error: 'Account is disabled' };
    if (!verifyPassword(password, user.passwordHash)) {
      // The counter is not reset when a lock expires: the next failure after a lock locks again at once.
      user.failedAttempts++;
      user.lockedUntilMs = user.failedAttempts >= this.#config().lockoutThreshold ? nowMs + this.#config().lockoutMinutes * 60_000 : null;
      return { kind: 'failure', error: 'Invalid username or password' };
    }
    if (user.mfaSecret !== null) {
      this.#purgeExpired(nowMs);
      const mfaToken = randomBytes(32).toString('base64url');
      this.#pending.set(mfaToken, {
        userId: user.id, username: login, displayName: user.displayName, role: user.role, ipAddress, userAgent, expiresAtMs: nowMs + MFA_PENDING_MS,
      });
      return { kind: 'mfa_required', mfaToken };
    }
    return this.#startSession(user, login, nowMs, ipAddress, userAgent);
  }

  verifyTotp(mfaToken: string, code: string, nowMs: number, ipAddress: string, userAgent: string | null): LoginOutcome {
    // Expired tokens are purged first, so "MFA token has expired" is practically unreachable, as on the real server.
    this.#purgeExpired(nowMs);
    const pending = this.#pending.get(mfaToken);
    // The pending token is consumed by any attempt: after a wrong code the user must sign in again.
    this.#pending.delete(mfaToken);
    if (!pending) return { kind: 'failure', error: 'Invalid or expired MFA token' };
    if (pending.expiresAtMs < nowMs) return { kind: 'failure', error: 'MFA token has expired' };
    const user = this.#users.find((candidate) => candidate.id === pending.userId);
    if (!user || user.mfaSecret === null) return { kind: 'failure', error: 'MFA not configured' };
    const valid = verifyTotp(user.mfaSecret, code, nowMs, 1) || consumeBackupCode(user, code);
    if (!valid) return { kind: 'failure', error: 'Invalid TOTP code' };
    const outcome = this.#startSession(user, pending.username, nowMs, ipAddress || pending.ipAddress, userAgent ?? pending.userAgent);
    return outcome.kind === 'success' ? { ...outcome, user: { ...outcome.user, displayName: pending.displayName, role: pending.role } } : outcome;
  }

  #startSession(user: UserRecord, typedLogin: string, nowMs: number, ipAddress: string, userAgent: string | null): LoginOutcome {
    const token = this.#sessions.create(user.id, nowMs, ipAddress, userAgent);
    user.failedAttempts = 0;
    user.lockedUntilMs = null;
    return { kind: 'success', token, user: { username: typedLogin, displayName: user.displayName, role: user.role } };
  }

  #purgeExpired(nowMs: number): void {
    for (const [token, pending] of this.#pending) if (pending.expiresAtMs < nowMs) this.#pending.delete(token);
  }
}
