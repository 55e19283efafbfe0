import { createHash } from 'node:crypto';
import { createRng } from '../random.ts';
import { base32Encode, constantTimeEqual } from '../totp.ts';

export type Role = 'admin' | 'operator' | 'readonly' | 'companion';

/** What the simulator tells people and tests about its accounts. */
export interface DemoUser {
  username: string;
  email: string;
  password: string;
  role: Role;
  displayName: string;
  totp: boolean;
  /** The 8 single-use backup codes as issued (only for TOTP users). */
  backupCodes: string[];
  /** Base32 TOTP secret (only for TOTP users), for an authenticator app. */
  totpSecret: string | null;
  disabled: boolean;
  /** Client org ids from admin_org_assignments; null = global (sees every site). */
  orgScope: string[] | null;
}

/** admin_users as the server stores it. */
export interface UserRecord {
  id: string;
  username: string;
  email: string;
  displayName: string;
  role: Role;
  status: 'active' | 'disabled';
  /** Legacy `sha256$<salt>$<hex>` format, which the real server still accepts. */
  passwordHash: string;
  mfaSecret: string | null;
  backupCodeHashes: string[];
  failedAttempts: number;
  lockedUntilMs: number | null;
  /** admin_org_assignments of the user; null (no rows) = global. Filled once the fleet exists (see org-scope.ts). */
  orgScope: string[] | null;
}

const ACCOUNTS: readonly { username: string; email: string; password: string; role: Role; displayName: string; totp: boolean; disabled: boolean }[] = [
  { username: 'admin', email: 'admin@local', password: 'Harbor!Lantern47', role: 'admin', displayName: 'Administrator', totp: false, disabled: false },
  { username: 'alice', email: 'alice.nakamura@msp.example', password: 'Quiet-Meadow#83', role: 'operator', displayName: 'Alice Nakamura', totp: true, disabled: false },
  { username: 'rita', email: 'rita.okafor@msp.example', password: 'Copper?Falcon29', role: 'readonly', displayName: 'Rita Okafor', totp: false, disabled: false },
  { username: 'carla', email: 'carla.mendes@msp.example', password: 'Velvet+Orchid61', role: 'companion', displayName: 'Carla Mendes', totp: false, disabled: false },
  { username: 'dora', email: 'dora.lindqvist@msp.example', password: 'Granite&Willow50', role: 'operator', displayName: 'Dora Lindqvist', totp: false, disabled: true },
  // Appended last so the seeded draws (ids, salts, secrets) of the accounts above stay the same. Org-scoped.
  { username: 'olga', email: 'olga.berg@msp.example', password: 'Tundra%Beacon38', role: 'operator', displayName: 'Olga Berg', totp: false, disabled: false },
];

const BACKUP_ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';

export function createUsers(seed: number): { demo: DemoUser[]; records: UserRecord[] } {
  const rng = createRng(seed, 'users');
  const demo: DemoUser[] = [];
  const records: UserRecord[] = [];
  for (const account of ACCOUNTS) {
    const salt = rng.hex(16);
    const secret = account.totp ? base32Encode(Buffer.from(rng.hex(40), 'hex')) : null;
    const backupCodes = account.totp
      ? Array.from({ length: 8 }, () => Array.from({ length: 8 }, () => rng.pick([...BACKUP_ALPHABET])).join(''))
      : [];
    demo.push({ ...account, backupCodes, totpSecret: secret, orgScope: null });
    records.push({
      id: rng.uuid(),
      username: account.username,
      email: account.email,
      displayName: account.displayName,
      role: account.role,
      status: account.disabled ? 'disabled' : 'active',
      passwordHash: `sha256$${salt}$${sha256Hex(salt + account.password)}`,
      mfaSecret: secret,
      backupCodeHashes: backupCodes.map(sha256Hex),
      failedAttempts: 0,
      lockedUntilMs: null,
      orgScope: null,
    });
  }
  return { demo, records };
}

export function verifyPassword(password: string, passwordHash: string): boolean {
  const [scheme, salt, stored] = passwordHash.split('$');
  if (scheme !== 'sha256' || salt === undefined || stored === undefined) return false;
  return constantTimeEqual(sha256Hex(salt + password), stored);
}

/** Backup codes are matched exactly (case-sensitive) and consumed on use. */
export function consumeBackupCode(user: UserRecord, code: string): boolean {
  const hash = sha256Hex(code);
  const index = user.backupCodeHashes.findIndex((stored) => constantTimeEqual(stored, hash));
  if (index < 0) return false;
  user.backupCodeHashes.splice(index, 1);
  return true;
}

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
