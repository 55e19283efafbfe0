import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { ConsoleError } from '#shared/errors.ts';
import { writePrivateFile } from '../files/private-file.ts';
import { IDLE_LOCK_MINUTES, MAX_OFFLINE_DAYS, SettingsSchema, type Settings } from '#shared/ipc/contract.ts';

export const DEFAULT_SETTINGS: Settings = { idleLockMinutes: IDLE_LOCK_MINUTES.default, maxOfflineDays: MAX_OFFLINE_DAYS.default };

/**
 * Console-wide settings in `settings.json` beside the profiles. A file that does not parse (hand
 * edited, or from another version) falls back to the defaults: both are security limits, and the
 * defaults are the strict side of them.
 */
export function createSettingsStore(dataDir: string, log: (message: string) => void = () => undefined) {
  const file = path.join(dataDir, 'settings.json');
  let current: Settings | null = null;

  async function load(): Promise<Settings> {
    if (current) return current;
    try {
      const parsed = SettingsSchema.safeParse({ ...DEFAULT_SETTINGS, ...JSON.parse(await readFile(file, 'utf8')) });
      if (!parsed.success) log(`settings.json is not valid; using the defaults (${parsed.error.issues[0]?.message ?? 'unknown'})`);
      current = parsed.success ? parsed.data : { ...DEFAULT_SETTINGS };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') log(`settings.json cannot be read; using the defaults (${(error as Error).message})`);
      current = { ...DEFAULT_SETTINGS };
    }
    return current;
  }

  return {
    get: load,
    async update(changes: Partial<Settings>): Promise<Settings> {
      const given = Object.fromEntries(Object.entries(changes).filter(([, value]) => value !== undefined));
      const parsed = SettingsSchema.safeParse({ ...(await load()), ...given });
      if (!parsed.success) throw new ConsoleError('invalid-input', `That setting is out of range: ${parsed.error.issues[0]?.message ?? 'unknown'}.`);
      await writePrivateFile(file, JSON.stringify(parsed.data, null, 2));
      current = parsed.data;
      return current;
    },
  };
}

export type SettingsStore = ReturnType<typeof createSettingsStore>;
