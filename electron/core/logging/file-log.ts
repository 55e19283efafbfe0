import path from 'node:path';
import type { Log } from '../log.ts';
import { toLogRecord } from './log-record.ts';
import { openRotatingLogFile } from './rotating-log-file.ts';

export const LOG_FILE_MAX_BYTES = 1024 * 1024;
export const LOG_FILES_KEPT = 3;

/** Where the console's log lives in a data folder. */
export function logFileIn(dataDir: string): string {
  return path.join(dataDir, 'logs', 'console.log');
}

export interface FileLogOptions {
  dataDir: string;
  maxBytes?: number;
  keep?: number;
  /** Also receives each line as written (the shells echo it to stderr). */
  echo?: (line: string) => void;
  now?: () => Date;
}

export type FileLog = Log & { close(): void };

/**
 * The log both shells hand to core: one JSON line per entry, in `<data>/logs/console.log`, rotated
 * at 1 MiB with three older files kept. Every entry goes through toLogRecord, so what reaches the
 * file (and the echo) is only what its allow-list lets through. A log that cannot be written never
 * takes the console down with it: the line still goes to the echo.
 */
export function createFileLog({ dataDir, maxBytes = LOG_FILE_MAX_BYTES, keep = LOG_FILES_KEPT, echo, now = () => new Date() }: FileLogOptions): FileLog {
  const file = openRotatingLogFile({ file: logFileIn(dataDir), maxBytes, keep });
  let unwritable = false;
  const log: Log = (level, message, fields) => {
    const line = `${JSON.stringify(toLogRecord(level, message, fields, now()))}\n`;
    echo?.(line);
    if (unwritable) return;
    try {
      file.append(line);
    } catch (error) {
      unwritable = true;
      echo?.(`${JSON.stringify(toLogRecord('error', 'the log file cannot be written; logging to this stream only', { code: (error as NodeJS.ErrnoException).code ?? null }, now()))}\n`);
    }
  };
  return Object.assign(log, { close: () => file.close() });
}
