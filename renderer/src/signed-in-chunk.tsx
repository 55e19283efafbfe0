import { lazy } from 'react';
import type * as SignedInConsoleModule from './SignedInConsole.tsx';

/**
 * The signed-in console is a chunk of its own, so the first screen — the lock screen, the sign-in
 * form — parses only what it needs (docs/ARCHITECTURE.md, "The renderer's bundle"). Loading starts
 * at boot, not at sign-in: every launch with a session begins at the lock screen, so the chunk has
 * the whole time the password is typed to arrive from disk, and the fleet paints as soon as the
 * session opens. The promise is shared, so the chunk is fetched once.
 */
type SignedInModule = typeof SignedInConsoleModule;

let loading: Promise<SignedInModule> | null = null;
let loaded: SignedInModule | null = null;

export function preloadSignedInConsole(): Promise<SignedInModule> {
  // A failed load is not cached: the next render (after "Reload") tries again.
  loading ??= import('./SignedInConsole.tsx').then(
    (module) => (loaded = module),
    (error: unknown) => {
      loading = null;
      throw error;
    },
  );
  return loading;
}

const LazySignedInConsole = lazy(async () => ({ default: (await preloadSignedInConsole()).SignedInConsole }));

/** The signed-in screens: at once when the chunk has arrived (the usual case), else suspended until it has. */
export function SignedInScreens() {
  return loaded ? <loaded.SignedInConsole /> : <LazySignedInConsole />;
}
