import { pathToFileURL } from 'node:url';
import type { Plugin } from 'esbuild';

/**
 * An esbuild plugin for the two renderer-side bridges (the Electron preload and the web-shell page
 * script). Their allowlist is the names of the per-state access tables, and those tables are joined
 * from the feature contracts, which carry every zod schema. Bundled as source, the preload would grow
 * from 5 KB to 770 KB; instead the tables are evaluated here, at bundle time, and inlined as data —
 * the same values, frozen. Only `CHANNEL_ACCESS` and `EVENT_ACCESS` are exported: a bridge importing
 * anything else from the module fails the bundle instead of pulling the schemas back in.
 */
export const inlineAccessTables: Plugin = {
  name: 'inline-access-tables',
  setup(build) {
    build.onLoad({ filter: /[\\/]shared[\\/]session[\\/]channel-access\.ts$/ }, async (args) => {
      const tables = (await import(pathToFileURL(args.path).href)) as { CHANNEL_ACCESS: unknown; EVENT_ACCESS: unknown };
      return {
        loader: 'js',
        contents: `export const CHANNEL_ACCESS = ${JSON.stringify(tables.CHANNEL_ACCESS)};\nexport const EVENT_ACCESS = ${JSON.stringify(tables.EVENT_ACCESS)};\n`,
      };
    });
  },
};
