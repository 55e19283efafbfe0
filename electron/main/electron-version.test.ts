import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

// Checklist item 16: a current Electron. Electron supports its latest three majors; this floor is
// raised with each upgrade so a downgrade (or a lock file left behind) fails here.
const SUPPORTED_ELECTRON_MAJOR_FLOOR = 45;
const repoRoot = path.resolve(import.meta.dirname, '..', '..');

const readJson = async (file: string) => JSON.parse(await readFile(path.join(repoRoot, file), 'utf8')) as Record<string, unknown>;

describe('the Electron the console ships with', () => {
  it('is a supported major, in package.json and as installed', async () => {
    const manifest = (await readJson('package.json')) as { devDependencies: Record<string, string> };
    const declared = manifest.devDependencies['electron'] ?? '';
    expect(Number(declared.replace(/^[\^~]/, '').split('.')[0])).toBeGreaterThanOrEqual(SUPPORTED_ELECTRON_MAJOR_FLOOR);
    const installed = String((await readJson('node_modules/electron/package.json'))['version']);
    expect(Number(installed.split('.')[0])).toBeGreaterThanOrEqual(SUPPORTED_ELECTRON_MAJOR_FLOOR);
  });
});
