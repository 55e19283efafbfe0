import { createFileLog, type FileLog } from '#core/logging/file-log.ts';

/** The console's log file in its data folder (core decides what a line may hold), echoed to stderr. */
export function createMainLog(dataDir: string): FileLog {
  return createFileLog({ dataDir, echo: (line) => process.stderr.write(line) });
}
