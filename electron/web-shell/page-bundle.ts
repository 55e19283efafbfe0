import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { inlineAccessTables } from './access-tables-plugin.ts';

const PAGE_ENTRY = fileURLToPath(new URL('./page/bridge-page.ts', import.meta.url));

/**
 * Bundles the page half of the bridge at web-shell start. The web shell is dev/demo/test only and
 * esbuild is always present there, so there is no build step to forget and no stale bundle.
 */
export async function bundleBridgePage(): Promise<string> {
  const result = await build({
    entryPoints: [PAGE_ENTRY],
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'browser',
    target: 'es2022',
    legalComments: 'none',
    logLevel: 'silent',
    plugins: [inlineAccessTables],
  });
  const output = result.outputFiles[0];
  if (!output) throw new Error('esbuild produced no bridge page script');
  return output.text;
}
