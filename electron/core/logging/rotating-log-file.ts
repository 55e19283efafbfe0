import { closeSync, fchmodSync, fstatSync, mkdirSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import path from 'node:path';

export interface RotatingLogFileOptions {
  /** The live file, e.g. `<data>/logs/console.log`; older ones are `console.log.1` (newest) … `.keep`. */
  file: string;
  /** The live file is rotated before a line would take it past this size. */
  maxBytes: number;
  /** Rotated files kept besides the live one. */
  keep: number;
}

export interface RotatingLogFile {
  append(line: string): void;
  close(): void;
}

/**
 * Appends lines to a file that is rotated by size. Writes are synchronous: log lines are few and
 * short, and a line written just before a crash is the one that explains it. The folder is owner
 * only (0700) and so is every file (0600, set again on files an older build left more open).
 */
export function openRotatingLogFile({ file, maxBytes, keep }: RotatingLogFileOptions): RotatingLogFile {
  let descriptor: number | null = null;
  let size = 0;

  function open(): number {
    mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    const opened = openSync(file, 'a', 0o600);
    fchmodSync(opened, 0o600);
    size = fstatSync(opened).size;
    descriptor = opened;
    return opened;
  }

  function rotate(): void {
    if (descriptor !== null) closeSync(descriptor);
    descriptor = null;
    rmSync(`${file}.${keep}`, { force: true });
    for (let index = keep - 1; index >= 1; index -= 1) renameIfPresent(`${file}.${index}`, `${file}.${index + 1}`);
    if (keep >= 1) renameIfPresent(file, `${file}.1`);
    else rmSync(file, { force: true });
  }

  return {
    append(line) {
      const bytes = Buffer.from(line, 'utf8');
      let target = descriptor ?? open();
      if (size > 0 && size + bytes.length > maxBytes) {
        rotate();
        target = open();
      }
      writeSync(target, bytes);
      size += bytes.length;
    },
    close() {
      if (descriptor !== null) closeSync(descriptor);
      descriptor = null;
    },
  };
}

function renameIfPresent(from: string, to: string): void {
  try {
    renameSync(from, to);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
}

/** Every file a rotating log may have, live one first (for tests and "where is my log"). */
export function logFilePaths(file: string, keep: number): string[] {
  return [file, ...Array.from({ length: keep }, (_, index) => `${file}.${index + 1}`)];
}
