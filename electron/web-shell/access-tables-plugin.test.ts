import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { BRIDGE_CHANNEL_NAMES, BRIDGE_EVENT_NAMES } from '#shared/security/bridge-allowlist.ts';
import { CHANNEL_ACCESS, EVENT_ACCESS } from '#shared/session/channel-access.ts';
import { inlineAccessTables } from './access-tables-plugin.ts';

const ALLOWLIST = fileURLToPath(new URL('../../shared/security/bridge-allowlist.ts', import.meta.url));
const ACCESS_TABLES = fileURLToPath(new URL('../../shared/session/channel-access.ts', import.meta.url));

async function bundle(entry: string, plugins: (typeof inlineAccessTables)[]) {
  const result = await build({ entryPoints: [entry], bundle: true, write: false, format: 'esm', platform: 'browser', logLevel: 'silent', plugins });
  return result.outputFiles[0]!.text;
}

const evaluate = async <Module>(text: string) => (await import(`data:text/javascript,${encodeURIComponent(text)}`)) as Module;

describe('the bridges bundle the access tables as data', () => {
  it('inlines the same tables, with no zod schema in the bundle', async () => {
    const text = await bundle(ALLOWLIST, [inlineAccessTables]);
    expect(text).not.toMatch(/zod|strictObject/);
    const bundled = await evaluate<{ BRIDGE_CHANNEL_NAMES: string[]; BRIDGE_EVENT_NAMES: string[] }>(text);
    expect(bundled.BRIDGE_CHANNEL_NAMES).toEqual([...BRIDGE_CHANNEL_NAMES]);
    expect(bundled.BRIDGE_EVENT_NAMES).toEqual([...BRIDGE_EVENT_NAMES]);
    const tables = await evaluate<{ CHANNEL_ACCESS: unknown; EVENT_ACCESS: unknown }>(await bundle(ACCESS_TABLES, [inlineAccessTables]));
    expect(tables.CHANNEL_ACCESS).toEqual(CHANNEL_ACCESS);
    expect(tables.EVENT_ACCESS).toEqual(EVENT_ACCESS);
  });

  it('would carry the schemas without the plugin (why it exists)', async () => {
    const text = await bundle(ALLOWLIST, []);
    expect(text).toMatch(/strictObject/);
  });
});
