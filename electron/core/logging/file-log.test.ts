import { mkdtemp, readFile, rm, stat, writeFile, chmod } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createFileLog, logFileIn } from './file-log.ts';
import { logFilePaths } from './rotating-log-file.ts';

let dataDir = '';
beforeEach(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'cc-log-'));
});
afterEach(() => rm(dataDir, { recursive: true, force: true }));

const readLines = async (file: string) => (await readFile(file, 'utf8')).trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);

describe('file log', () => {
  it('writes one JSON line per entry in <data>/logs/console.log, owner only', async () => {
    const log = createFileLog({ dataDir });
    log('info', 'fleet sync finished', { changed: true, requests: 4 });
    log('warn', 'local cache moved aside', { reason: 'it is damaged' });
    log.close();
    const file = logFileIn(dataDir);
    expect(await readLines(file)).toMatchObject([
      { level: 'info', message: 'fleet sync finished', changed: true, requests: 4 },
      { level: 'warn', message: 'local cache moved aside', reason: 'it is damaged' },
    ]);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect((await stat(path.dirname(file))).mode & 0o777).toBe(0o700);
  });

  it('tightens a log file an earlier run left readable by others', async () => {
    const first = createFileLog({ dataDir });
    first('info', 'first');
    first.close();
    await chmod(logFileIn(dataDir), 0o644);
    const second = createFileLog({ dataDir });
    second('info', 'second');
    second.close();
    expect((await stat(logFileIn(dataDir))).mode & 0o777).toBe(0o600);
    expect((await readLines(logFileIn(dataDir))).map((line) => line.message)).toEqual(['first', 'second']);
  });

  it('rotates by size and keeps only the newest files', async () => {
    const log = createFileLog({ dataDir, maxBytes: 400, keep: 2 });
    for (let index = 1; index <= 40; index += 1) log('info', `entry ${index}`, { attempt: index });
    log.close();
    const [live, newer, older, beyond] = logFilePaths(logFileIn(dataDir), 3);
    for (const file of [live!, newer!, older!]) expect((await stat(file)).size).toBeLessThanOrEqual(400);
    await expect(stat(beyond!)).rejects.toMatchObject({ code: 'ENOENT' });
    const attempts = async (file: string) => (await readLines(file)).map((line) => line.attempt as number);
    const kept = [...(await attempts(older!)), ...(await attempts(newer!)), ...(await attempts(live!))];
    // Consecutive and ending with the last entry: rotation loses only the oldest lines.
    expect(kept.at(-1)).toBe(40);
    expect(kept).toEqual(Array.from({ length: kept.length }, (_, index) => 40 - kept.length + 1 + index));
    expect((await stat(newer!)).mode & 0o777).toBe(0o600);
  });

  it('echoes the same scrubbed line it writes, and keeps echoing when the file cannot be written', async () => {
    const echoed: string[] = [];
    // A folder where the log file should be: every write fails.
    await writeFile(path.join(dataDir, 'logs'), 'not a folder');
    const log = createFileLog({ dataDir, echo: (line) => echoed.push(line) });
    log('warn', 'Central Command request failed', { endpoint: '/api/sites?page=2&token=abc', status: 500 });
    log('info', 'still here');
    expect(echoed.map((line) => JSON.parse(line).message)).toEqual(['Central Command request failed', 'the log file cannot be written; logging to this stream only', 'still here']);
    expect(JSON.parse(echoed[0]!).endpoint).toBe('/api/sites');
  });
});
