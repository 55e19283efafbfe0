import { randomUUID } from 'node:crypto';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';

/**
 * Replaces `file` with `text`, readable by this user only (folder 0700, file 0600). Written to a
 * temporary file beside it and renamed over it, so a crash or a concurrent writer never leaves half
 * a file: readers see the old content or the new one. The temporary name is unique per write, so
 * two writes in flight cannot tear each other's file either.
 */
export async function writePrivateFile(file: string, text: string): Promise<void> {
  await mkdir(dirname(file), { recursive: true, mode: 0o700 });
  const temporary = `${file}.tmp-${randomUUID()}`;
  try {
    await writeFile(temporary, text, { mode: 0o600 });
    await rename(temporary, file);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}
