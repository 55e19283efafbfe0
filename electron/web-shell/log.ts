import type { Log } from '#core/log.ts';
import { createFileLog, type FileLog } from '#core/logging/file-log.ts';

export const silentLog: Log = () => {};

/** The same log file the Electron shell writes, in the web shell's data folder, echoed to stderr. */
export function createWebShellLog(dataDir: string): FileLog {
  return createFileLog({ dataDir, echo: (line) => process.stderr.write(`[web-shell] ${line}`) });
}
