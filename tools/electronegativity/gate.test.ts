import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { scanWithElectronegativity } from './scan.ts';
import { judgeFindings, parseReviewedFindings, passes, type Finding } from './gate.ts';

const finding = (check: string, severity: Finding['severity'], file = 'electron/main/main.ts'): Finding => ({ check, severity, confidence: 'FIRM', file, line: 1, description: '' });
const REASON = 'The options come from window-options.ts, asserted by main.wiring.test.ts.';

describe('the electronegativity gate', () => {
  it('fails on a MEDIUM or HIGH finding nobody reviewed, and passes LOW and INFORMATIONAL ones', () => {
    const judgement = judgeFindings([finding('CONTEXT_ISOLATION_JS_CHECK', 'HIGH'), finding('SANDBOX_JS_CHECK', 'MEDIUM'), finding('X_CHECK', 'LOW'), finding('Y_CHECK', 'INFORMATIONAL')], []);
    expect(judgement.unjustified.map((entry) => entry.check)).toEqual(['CONTEXT_ISOLATION_JS_CHECK', 'SANDBOX_JS_CHECK']);
    expect(judgement.minor).toHaveLength(2);
    expect(passes(judgement)).toBe(false);
    expect(passes(judgeFindings([finding('X_CHECK', 'LOW')], []))).toBe(true);
  });

  it('accepts a finding whose check and file are on the reviewed list, in another file it does not', () => {
    const reviewed = [{ check: 'SANDBOX_JS_CHECK', file: 'electron/main/main.ts', reason: REASON }];
    expect(passes(judgeFindings([finding('SANDBOX_JS_CHECK', 'MEDIUM')], reviewed))).toBe(true);
    const elsewhere = judgeFindings([finding('SANDBOX_JS_CHECK', 'MEDIUM', 'electron/main/other.ts')], reviewed);
    expect(elsewhere.unjustified).toHaveLength(1);
  });

  it('fails on a reviewed entry that no longer matches any finding', () => {
    const judgement = judgeFindings([], [{ check: 'SANDBOX_JS_CHECK', file: 'electron/main/main.ts', reason: REASON }]);
    expect(judgement.stale).toHaveLength(1);
    expect(passes(judgement)).toBe(false);
  });

  it('refuses a reviewed list entry without a real reason', () => {
    expect(() => parseReviewedFindings(JSON.stringify([{ check: 'SANDBOX_JS_CHECK', file: 'electron/main/main.ts', reason: 'fine' }]))).toThrow(/reason/);
    expect(parseReviewedFindings(JSON.stringify([{ check: 'SANDBOX_JS_CHECK', file: 'electron/main/main.ts', reason: REASON }]))).toHaveLength(1);
  });
});

describe('the offline electronegativity scan', () => {
  it('finds a window without context isolation and a missing navigation limit (the scan is not vacuous)', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'cc-electronegativity-'));
    try {
      await writeFile(
        path.join(dir, 'unsafe-main.ts'),
        "import { BrowserWindow } from 'electron';\nexport const window = new BrowserWindow({ webPreferences: { contextIsolation: false, sandbox: false } });\n",
      );
      const { findings, parseErrors } = await scanWithElectronegativity(dir, dir, '45.4.1');
      expect(parseErrors).toEqual([]);
      expect(findings).toContainEqual(expect.objectContaining({ check: 'CONTEXT_ISOLATION_JS_CHECK', severity: 'HIGH', file: 'unsafe-main.ts', line: 2 }));
      expect(findings).toContainEqual(expect.objectContaining({ check: 'LIMIT_NAVIGATION_GLOBAL_CHECK', severity: 'HIGH' }));
      expect(passes(judgeFindings(findings, []))).toBe(false);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 30_000);
});
