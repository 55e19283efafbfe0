import { createHash } from 'node:crypto';
import { readFile, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { ConsoleError } from '#shared/errors.ts';
import type { PinnedCaView } from '#shared/ipc/contract.ts';
import { writePrivateFile } from '../files/private-file.ts';
import { certificateFingerprints, readChosenCaFile, readPinnedCaFile, type CaFileContent } from './pinned-ca.ts';

/**
 * Non-secret facts about each Central Command account the console has signed in to: enough to find
 * its keychain entries and cache file at launch. Secrets live in the keychain, data in the cache.
 */
const ProfileSchema = z.object({
  id: z.string(),
  origin: z.string(),
  /**
   * The CA file this profile connects with: after sign-in, the pinned copy in the profile's own
   * folder (`pinnedCaPath`), never the file the technician picked, which anyone could replace later.
   */
  caFilePath: z.string().nullable(),
  /** SHA-256 of the pinned copy's text; a copy that no longer matches is refused. Null: no CA file, or not pinned yet. */
  caSha256: z.string().nullable().default(null),
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

/** Ids this store made (profileIdFor): only these ever become part of a path. */
function isOwnProfileId(id: string): boolean {
  return /^[0-9a-f]{24}$/.test(id);
}

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
  let loading: Promise<ProfileFile> | null = null;
  /** The text of each chosen CA file as it was read for a connection, so the same bytes get pinned. */
  const readForConnection = new Map<string, CaFileContent>();
  /** The SHA-256 of a copy pinCaFile just wrote, until upsertAndActivate records it in the profile. */
  const pinnedSha256 = new Map<string, string>();

  /** Each profile's private folder; ids are our own hex names, anything else never becomes a path. */
  function profileDir(id: string): string {
    if (!isOwnProfileId(id)) throw new ConsoleError('internal', 'A profile id in the profile list is not one the console made.');
    return path.join(dataDir, 'profiles', id);
  }

  function pinnedCaPath(id: string): string {
    return path.join(profileDir(id), 'ca.pem');
  }

  function isPinnedCopy(profile: Profile): profile is Profile & { caFilePath: string; caSha256: string } {
    return profile.caFilePath !== null && profile.caSha256 !== null && isOwnProfileId(profile.id) && profile.caFilePath === pinnedCaPath(profile.id);
  }

  /**
   * Profiles from before pinning name the technician's own CA file: it is copied into the profile's
   * folder the first time this version reads the list. A file that cannot be read stays as it is; the
   * next sign-in with a CA file pins it.
   */
  async function migrateToPinnedCopies(loaded: ProfileFile): Promise<ProfileFile> {
    let changed = false;
    const profiles: Profile[] = [];
    for (const profile of loaded.profiles) {
      if (profile.caFilePath === null || isPinnedCopy(profile) || !isOwnProfileId(profile.id)) {
        profiles.push(profile);
        continue;
      }
      try {
        const content = await readChosenCaFile(profile.caFilePath);
        await writePrivateFile(pinnedCaPath(profile.id), content.pem);
        profiles.push({ ...profile, caFilePath: pinnedCaPath(profile.id), caSha256: content.sha256 });
        changed = true;
      } catch {
        profiles.push(profile);
      }
    }
    if (!changed) return loaded;
    const migrated = { ...loaded, profiles };
    await writePrivateFile(file, JSON.stringify(migrated, null, 2));
    return migrated;
  }

  function load(): Promise<ProfileFile> {
    if (state) return Promise.resolve(state);
    loading ??= readProfileFile()
      .then(migrateToPinnedCopies)
      .then((loaded) => (state = loaded))
      .finally(() => (loading = null));
    return loading;
  }

  async function readProfileFile(): Promise<ProfileFile> {
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
        throw new ConsoleError('internal', `The console's profile list (${file}) cannot be read.`, undefined, { cause: error });
      }
      return structuredClone(EMPTY);
    }
    const parsed = parseProfileFile(text);
    if (!parsed) {
      // An unreadable profile list only costs a sign-in; keep the old file for inspection.
      await rename(file, `${file}.bad-${Date.now()}`);
    }
    return parsed ?? structuredClone(EMPTY);
  }

  async function findPinned(caFilePath: string): Promise<(Profile & { caFilePath: string; caSha256: string }) | null> {
    return (await load()).profiles.find((profile): profile is Profile & { caFilePath: string; caSha256: string } => isPinnedCopy(profile) && profile.caFilePath === caFilePath) ?? null;
  }

  // One change at a time: each reads the state the previous one left, so none is lost.
  let changes: Promise<unknown> = Promise.resolve();
  function change<T>(apply: (current: ProfileFile) => { next: ProfileFile; result: T } | Promise<{ next: ProfileFile; result: T }>): Promise<T> {
    const run = changes.then(async () => {
      const { next, result } = await apply(await load());
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
    /**
     * The CA text to connect with for `caFilePath`. A profile's pinned copy is checked against its
     * recorded SHA-256; any other file is a fresh choice, read once, and those exact bytes are what a
     * following sign-in pins.
     */
    async readCaFile(caFilePath: string | null): Promise<string | null> {
      if (!caFilePath) return null;
      const pinned = await findPinned(caFilePath);
      if (pinned) return (await readPinnedCaFile(pinned.caFilePath, pinned.caSha256)).pem;
      const content = await readChosenCaFile(caFilePath);
      readForConnection.set(caFilePath, content);
      return content.pem;
    },
    /**
     * At sign-in: copies the CA file the session was established with into the account's private
     * folder and returns the copy's path, which is what the profile keeps (upsertAndActivate records
     * its SHA-256). The bytes are the ones read for that connection, not the file as it is now.
     */
    async pinCaFile(account: { origin: string; userId: string }, caFilePath: string | null): Promise<string | null> {
      if (!caFilePath) return null;
      const id = profileIdFor(account.origin, account.userId);
      const target = pinnedCaPath(id);
      const pinned = await findPinned(caFilePath);
      const content = pinned ? await readPinnedCaFile(pinned.caFilePath, pinned.caSha256) : (readForConnection.get(caFilePath) ?? (await readChosenCaFile(caFilePath)));
      if (pinned?.id !== id) await writePrivateFile(target, content.pem);
      readForConnection.delete(caFilePath);
      pinnedSha256.set(id, content.sha256);
      return target;
    },
    /** The active profile's pinned CA (fingerprints for Settings), or null when it connects with the system's CAs only. */
    async pinnedCa(profileId: string): Promise<PinnedCaView | null> {
      const profile = (await load()).profiles.find((candidate) => candidate.id === profileId);
      if (!profile || !isPinnedCopy(profile)) return null;
      const content = await readPinnedCaFile(profile.caFilePath, profile.caSha256);
      return { sha256: content.sha256, fingerprints: certificateFingerprints(content.pem) };
    },
    /** Replaces a profile's pinned CA with an already checked CA text (the caller proves the server accepts it first). */
    replacePinnedCa(profileId: string, content: CaFileContent): Promise<Profile> {
      return change(async (current) => {
        const profile = current.profiles.find((candidate) => candidate.id === profileId);
        if (!profile) throw new ConsoleError('not-found', 'That server profile is no longer on this computer.');
        await writePrivateFile(pinnedCaPath(profileId), content.pem);
        const updated: Profile = { ...profile, caFilePath: pinnedCaPath(profileId), caSha256: content.sha256 };
        return { next: { ...current, profiles: current.profiles.map((candidate) => (candidate.id === profileId ? updated : candidate)) }, result: updated };
      });
    },
    upsertAndActivate(profile: Omit<Profile, 'id' | 'caSha256'>): Promise<Profile> {
      return change((current) => {
        const id = profileIdFor(profile.origin, profile.userId);
        const previous = current.profiles.find((existing) => existing.id === id);
        const isOwnCopy = profile.caFilePath !== null && profile.caFilePath === pinnedCaPath(id);
        const caSha256 = isOwnCopy ? (pinnedSha256.get(id) ?? previous?.caSha256 ?? null) : null;
        pinnedSha256.delete(id);
        const stored: Profile = { ...profile, id, caSha256 };
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
    async remove(id: string): Promise<void> {
      await change((current) => ({
        next: { ...current, activeProfileId: current.activeProfileId === id ? null : current.activeProfileId, profiles: current.profiles.filter((profile) => profile.id !== id) },
        result: undefined,
      }));
      if (isOwnProfileId(id)) await rm(profileDir(id), { recursive: true, force: true });
    },
    cacheFileFor(profile: Profile): string {
      return path.join(dataDir, 'caches', `${profile.id}.sqlite`);
    },
  };
}

export type ProfileStore = ReturnType<typeof createProfileStore>;
