import { describe, expect, it } from 'vitest';
import { passwordProblem } from './password-policy.ts';
import { consumeBackupCode, createUsers, verifyPassword } from './users.ts';

describe('demo users', () => {
  const { demo, records } = createUsers(42);

  it('are admin, alice (TOTP), rita, carla, a disabled dora and org-scoped olga', () => {
    expect(demo.map((u) => [u.username, u.role, u.totp, u.disabled])).toEqual([
      ['admin', 'admin', false, false],
      ['alice', 'operator', true, false],
      ['rita', 'readonly', false, false],
      ['carla', 'companion', false, false],
      ['dora', 'operator', false, true],
      ['olga', 'operator', false, false],
    ]);
  });

  it('have passwords that satisfy the server password policy', () => {
    for (const user of demo) expect(passwordProblem(user.password), user.username).toBeNull();
  });

  it('have stable ids that differ from their usernames and depend on the seed', () => {
    expect(createUsers(42).records.map((r) => r.id)).toEqual(records.map((r) => r.id));
    expect(createUsers(43).records.map((r) => r.id)).not.toEqual(records.map((r) => r.id));
    for (const record of records) expect(record.id).not.toBe(record.username);
  });

  it('store only password hashes that verify the right password', () => {
    const admin = records[0]!;
    expect(admin.passwordHash).not.toContain(demo[0]!.password);
    expect(verifyPassword(demo[0]!.password, admin.passwordHash)).toBe(true);
    expect(verifyPassword(`${demo[0]!.password}x`, admin.passwordHash)).toBe(false);
  });

  it('give the TOTP user 8 single-use backup codes', () => {
    const { demo: fresh, records: freshRecords } = createUsers(42);
    const alice = freshRecords[1]!;
    const codes = fresh[1]!.backupCodes;
    expect(codes).toHaveLength(8);
    for (const code of codes) expect(code).toMatch(/^[a-z0-9]{8}$/);
    expect(consumeBackupCode(alice, codes[0]!)).toBe(true);
    expect(consumeBackupCode(alice, codes[0]!)).toBe(false);
    expect(consumeBackupCode(alice, codes[1]!.toUpperCase())).toBe(false);
    expect(alice.backupCodeHashes).toHaveLength(7);
  });
});

describe('passwordProblem', () => {
  it.each([
    ['Short1!', 'at least 12'],
    ['alllowercase1!', 'uppercase'],
    ['NoDigitsHere!!', 'digit'],
    ['NoSpecials1234x', 'special'],
    ['Password123!', 'too common'],
    ['Aaaaa-Harbor9', 'repeating'],
    ['Harbor-abcd-9X', 'sequential'],
    ['Harbor-4321-pX', 'sequential'],
  ])('rejects %s (%s)', (password, reason) => {
    expect(passwordProblem(password)).toMatch(new RegExp(reason));
  });
});
