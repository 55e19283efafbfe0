import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writePrivateFile } from './private-file.ts';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'cc-private-file-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('writePrivateFile', () => {
  it('creates the folder and the file for this user only', async () => {
    const file = path.join(dir, 'nested', 'settings.json');
    await writePrivateFile(file, '{"a":1}');
    expect(await readFile(file, 'utf8')).toBe('{"a":1}');
    if (process.platform !== 'win32') {
      expect((await stat(file)).mode & 0o777).toBe(0o600);
      expect((await stat(path.dirname(file))).mode & 0o777).toBe(0o700);
    }
  });

  it('leaves one whole file when writes overlap, and no temporary files', async () => {
    const file = path.join(dir, 'profiles.json');
    const long = JSON.stringify({ value: 'x'.repeat(200_000) });
    await Promise.all([writePrivateFile(file, long), writePrivateFile(file, '{"short":true}'), writePrivateFile(file, long)]);
    const text = await readFile(file, 'utf8');
    expect([long, '{"short":true}']).toContain(text);
    expect(await readdir(dir)).toEqual(['profiles.json']);
  });

  it('removes its temporary file when the write fails', async () => {
    const target = path.join(dir, 'is-a-folder');
    await writePrivateFile(path.join(target, 'inner'), 'x');
    await expect(writePrivateFile(target, 'y')).rejects.toThrow();
    expect((await readdir(dir)).sort()).toEqual(['is-a-folder']);
  });
});
