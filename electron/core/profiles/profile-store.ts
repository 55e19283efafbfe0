import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { ConsoleError } from '#shared/errors.ts';

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

export function createProfileStore(dataDir: string) {
  const file = path.join(dataDir, 'profiles.json');
  let state: ProfileFile | null = null;

  async function load(): Promise<ProfileFile> {
    if (state) return state;
    try {
      const parsed = ProfileFileSchema.safeParse(JSON.parse(await readFile(file, 'utf8')));
      if (!parsed.success) {
        // An unreadable profile list only costs a sign-in; keep the old file for inspection.
        await rename(file, `${file}.bad-${Date.now()}`);
        state = structuredClone(EMPTY);
      } else state = parsed.data;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
        throw new ConsoleError('internal', `The console's profile list (${file}) cannot be read.`, undefined, { cause: error });
      }
      state = structuredClone(EMPTY);
    }
    return state;
  }

  async function save(next: ProfileFile): Promise<void> {
    state = next;
    await mkdir(dataDir, { recursive: true, mode: 0o700 });
    const temporary = `${file}.tmp-${process.pid}`;
    await writeFile(temporary, JSON.stringify(next, null, 2), { mode: 0o600 });
    await rename(temporary, file);
  }

  return {
    async active(): Promise<Profile | null> {
      const current = await load();
      return current.profiles.find((profile) => profile.id === current.activeProfileId) ?? null;
    },
    async lastServer() {
      return (await load()).lastServer;
    },
    async rememberServer(lastServer: NonNullable<ProfileFile['lastServer']>): Promise<void> {
      await save({ ...(await load()), lastServer });
    },
    async upsertAndActivate(profile: Omit<Profile, 'id'>): Promise<Profile> {
      const current = await load();
      const id = profileIdFor(profile.origin, profile.userId);
      const stored: Profile = { ...profile, id };
      const profiles = [...current.profiles.filter((existing) => existing.id !== id), stored];
      await save({ ...current, activeProfileId: id, profiles });
      return stored;
    },
    async deactivate(): Promise<void> {
      await save({ ...(await load()), activeProfileId: null });
    },
    async list(): Promise<{ profiles: Profile[]; activeProfileId: string | null }> {
      const current = await load();
      return { profiles: [...current.profiles], activeProfileId: current.activeProfileId };
    },
    async get(id: string): Promise<Profile | null> {
      return (await load()).profiles.find((profile) => profile.id === id) ?? null;
    },
    async activate(id: string): Promise<Profile> {
      const current = await load();
      const profile = current.profiles.find((candidate) => candidate.id === id);
      if (!profile) throw new ConsoleError('not-found', 'That server profile is no longer on this computer.');
      await save({ ...current, activeProfileId: id, lastServer: { origin: profile.origin, caFilePath: profile.caFilePath, username: profile.username } });
      return profile;
    },
    async remove(id: string): Promise<void> {
      const current = await load();
      await save({ ...current, activeProfileId: current.activeProfileId === id ? null : current.activeProfileId, profiles: current.profiles.filter((profile) => profile.id !== id) });
    },
    cacheFileFor(profile: Profile): string {
      return path.join(dataDir, 'caches', `${profile.id}.sqlite`);
    },
  };
}

export type ProfileStore = ReturnType<typeof createProfileStore>;
