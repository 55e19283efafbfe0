import { createHash } from 'node:crypto';
import { readFile, rename } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { ConsoleError } from '#shared/errors.ts';
import { writePrivateFile } from '../files/private-file.ts';

/**
 * Non-secret facts about each Central Command account the console has signed in to: enough to find
 * its keychain entries and cache file at launch. Secrets live in the keychain, data in the cache.
 */
const ProfileSchema = z.object({
  id: z.string(),
  origin: z.string(),
  caFilePath: z.string().nullable(),
  userId: z.string(),
  username: z.string(),
  displayName: z.string(),
  role: z.string(),
  lastSignedInAt: z.string(),
});
export type Profile = z.infer<typeof ProfileSchema>;

const ProfileFileSchema = z.object({
  version: z.literal(1),
  activeProfileId: z.string().nullable(),
  /** What the sign-in form last used, so it can be prefilled even before a first successful sign-in. */
  lastServer: z.object({ origin: z.string(), caFilePath: z.string().nullable(), username: z.string() }).nullable().default(null),
  profiles: z.array(ProfileSchema),
});
type ProfileFile = z.infer<typeof ProfileFileSchema>;

const EMPTY: ProfileFile = { version: 1, activeProfileId: null, lastServer: null, profiles: [] };

/** Stable, non-revealing id for origin + user: names the cache file without exposing either. */
export function profileIdFor(origin: string, userId: string): string {
  return createHash('sha256').update(`${origin}\n${userId}`).digest('hex').slice(0, 24);
}

/** The stored list, or null when the file is not JSON (torn, hand-edited) or not a profile list. */
function parseProfileFile(text: string): ProfileFile | null {
  try {
    const parsed = ProfileFileSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

export function createProfileStore(dataDir: string) {
  const file = path.join(dataDir, 'profiles.json');
  let state: ProfileFile | null = null;

  async function load(): Promise<ProfileFile> {
    if (state) return state;
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
        throw new ConsoleError('internal', `The console's profile list (${file}) cannot be read.`, undefined, { cause: error });
      }
      state = structuredClone(EMPTY);
      return state;
    }
    const parsed = parseProfileFile(text);
    if (!parsed) {
      // An unreadable profile list only costs a sign-in; keep the old file for inspection.
      await rename(file, `${file}.bad-${Date.now()}`);
    }
    state = parsed ?? structuredClone(EMPTY);
    return state;
  }

  // One change at a time: each reads the state the previous one left, so none is lost.
  let changes: Promise<unknown> = Promise.resolve();
  function change<T>(apply: (current: ProfileFile) => { next: ProfileFile; result: T }): Promise<T> {
    const run = changes.then(async () => {
      const { next, result } = apply(await load());
      state = next;
      await writePrivateFile(file, JSON.stringify(next, null, 2));
      return result;
    });
    changes = run.catch(() => undefined);
    return run;
  }

  return {
    async active(): Promise<Profile | null> {
      const current = await load();
      return current.profiles.find((profile) => profile.id === current.activeProfileId) ?? null;
    },
    async lastServer() {
      return (await load()).lastServer;
    },
    rememberServer(lastServer: NonNullable<ProfileFile['lastServer']>): Promise<void> {
      return change((current) => ({ next: { ...current, lastServer }, result: undefined }));
    },
    upsertAndActivate(profile: Omit<Profile, 'id'>): Promise<Profile> {
      return change((current) => {
        const id = profileIdFor(profile.origin, profile.userId);
        const stored: Profile = { ...profile, id };
        const profiles = [...current.profiles.filter((existing) => existing.id !== id), stored];
        return { next: { ...current, activeProfileId: id, profiles }, result: stored };
      });
    },
    deactivate(): Promise<void> {
      return change((current) => ({ next: { ...current, activeProfileId: null }, result: undefined }));
    },
    async list(): Promise<{ profiles: Profile[]; activeProfileId: string | null }> {
      const current = await load();
      return { profiles: [...current.profiles], activeProfileId: current.activeProfileId };
    },
    async get(id: string): Promise<Profile | null> {
      return (await load()).profiles.find((profile) => profile.id === id) ?? null;
    },
    activate(id: string): Promise<Profile> {
      return change((current) => {
        const profile = current.profiles.find((candidate) => candidate.id === id);
        if (!profile) throw new ConsoleError('not-found', 'That server profile is no longer on this computer.');
        return { next: { ...current, activeProfileId: id, lastServer: { origin: profile.origin, caFilePath: profile.caFilePath, username: profile.username } }, result: profile };
      });
    },
    remove(id: string): Promise<void> {
      return change((current) => ({
        next: { ...current, activeProfileId: current.activeProfileId === id ? null : current.activeProfileId, profiles: current.profiles.filter((profile) => profile.id !== id) },
        result: undefined,
      }));
    },
    cacheFileFor(profile: Profile): string {
      return path.join(dataDir, 'caches', `${profile.id}.sqlite`);
    },
  };
}

export type ProfileStore = ReturnType<typeof createProfileStore>;
