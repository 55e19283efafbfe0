import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { writePrivateFile } from '../files/private-file.ts';
import type { HighWaterMark } from './verify-manifest.ts';

const HighWaterFileSchema = z.strictObject({
  serial: z.number().int().positive(),
  manifestSha256: z.string().regex(/^[0-9a-f]{64}$/),
});

/**
 * The highest manifest this install accepted, in `update-high-water.json` in the data folder
 * (this user only, replaced atomically). A missing or unreadable file falls back to the floor
 * built into the app, which still refuses every manifest older than this build.
 */
export function createHighWaterStore(dataDir: string, warn: (message: string) => void = () => undefined) {
  const file = path.join(dataDir, 'update-high-water.json');
  return {
    file,
    async read(): Promise<HighWaterMark | null> {
      let text: string;
      try {
        text = await readFile(file, 'utf8');
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') warn(`${file} cannot be read (${(error as Error).message}); only the built-in floor guards against replay`);
        return null;
      }
      try {
        return HighWaterFileSchema.parse(JSON.parse(text));
      } catch {
        warn(`${file} is not valid; only the built-in floor guards against replay`);
        return null;
      }
    },
    async write(mark: HighWaterMark): Promise<void> {
      await writePrivateFile(file, JSON.stringify(HighWaterFileSchema.parse(mark), null, 2));
    },
  };
}

export type HighWaterStore = ReturnType<typeof createHighWaterStore>;
