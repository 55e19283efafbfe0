import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { turnOffWrapperTierUpFor } from './start-database-worker.ts';

const run = promisify(execFile);

// Run in a child Node process, so nothing this test file loaded can keep the addon mapped for it.
const SCRIPT = `
import { readFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDurableStore } from '${new URL('../durable/durable-client.ts', import.meta.url).href}';
const addonMapped = () => readFileSync('/proc/self/maps', 'utf8').includes('better-sqlite3-multiple-ciphers');
const dir = mkdtempSync(join(tmpdir(), 'cc-addon-'));
const store = await openDurableStore({ file: join(dir, 'durable.sqlite'), keyHex: 'ab'.repeat(32) });
await store.appendAudit({ action: 'incident.resolve', target: 'incident-1', outcome: 'succeeded', at: '2026-12-01T10:00:00.000Z' });
await store.close();
await new Promise((resolve) => setTimeout(resolve, 300));
rmSync(dir, { recursive: true });
console.log(JSON.stringify({ mappedAfterLastWorkerEnded: addonMapped() }));
`;

describe('database workers', () => {
  it('turn Wasm wrapper tier-up off for a worker whose .ts Node strips (tests, web shell), not for a bundled .mjs (Electron)', () => {
    expect(turnOffWrapperTierUpFor(new URL('../cache/cache-worker.ts', import.meta.url))).toBe(true);
    expect(turnOffWrapperTierUpFor(new URL('file:///opt/central-console/resources/app/build/electron/cache-worker.mjs'))).toBe(false);
  });

  it.skipIf(process.platform !== 'linux')(
    'keep the SQLite addon loaded after the last database worker has ended, so a worker\'s final GC cannot call into an unloaded library (read from /proc/self/maps)',
    async () => {
      const dir = await mkdtemp(join(tmpdir(), 'cc-addon-probe-'));
      try {
        const script = join(dir, 'probe.mjs');
        await writeFile(script, SCRIPT);
        const { stdout } = await run(process.execPath, [script]);
        expect(JSON.parse(stdout.trim())).toEqual({ mappedAfterLastWorkerEnded: true });
      } finally {
        await rm(dir, { recursive: true });
      }
    },
  );
});
