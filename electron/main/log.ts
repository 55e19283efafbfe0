import type { Log } from '#core/log.ts';

/** One JSON line per entry on stderr. Callers pass facts, never tokens or passwords. */
export function createStderrLog(write: (line: string) => void = (line) => process.stderr.write(line)): Log {
  return (level, message, fields) => {
    write(`${JSON.stringify({ time: new Date().toISOString(), level, message, ...fields })}\n`);
  };
}
