import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ESLint } from 'eslint';

// Lint self-test: the real project config, run on code placed (virtually) in each layer.
// Each rule of the boundary matrix has one violation that must fail and one neighbour that must pass.
const repoRoot = path.resolve(import.meta.dirname, '../..');
const eslint = new ESLint({ cwd: repoRoot });

/** Every message ESLint gives the code, as "rule: message" ("fatal: …" for a file that did not parse). */
async function lintMessages(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(repoRoot, filePath) });
  return (result?.messages ?? []).map((m) => `${m.fatal ? 'fatal' : (m.ruleId ?? 'no rule')}: ${m.message}`);
}

async function boundaryErrors(filePath: string, code: string): Promise<string[]> {
  const messages = await lintMessages(filePath, code);
  // A file that does not parse reports no rule at all: never let that read as "the rule found nothing".
  expect(messages.filter((message) => message.startsWith('fatal: '))).toEqual([]);
  return messages.filter((message) => message.startsWith('local/process-boundary: ')).map((message) => message.slice('local/process-boundary: '.length));
}

const violations: Array<[string, string, string, RegExp]> = [
  ['renderer reaches core', 'renderer/src/bad.ts', "import { x } from '#core/console-service.ts';\nexport const y = x;", /renderer may not import core/],
  ['renderer uses Node', 'renderer/src/bad.ts', "import fs from 'node:fs';\nexport const y = fs;", /may not use Node built-in/],
  ['renderer imports electron', 'renderer/src/bad.ts', "import { ipcRenderer } from 'electron';\nexport const y = ipcRenderer;", /may not import "electron"/],
  ['renderer reaches core by relative path', 'renderer/src/bad.ts', "import { x } from '../../electron/core/console-service.ts';\nexport const y = x;", /renderer may not import core by relative path/],
  ['shared uses Node', 'shared/bad.ts', "import { readFile } from 'node:fs/promises';\nexport const y = readFile;", /may not use Node built-in/],
  ['shared reaches the renderer', 'shared/bad.ts', "import { x } from '../renderer/src/main.tsx';\nexport const y = x;", /shared may not import renderer/],
  ['shared takes an unlisted package', 'shared/bad.ts', "import ky from 'ky';\nexport const y = ky;", /may not import the package "ky"/],
  ['core imports electron', 'electron/core/bad.ts', "import { app } from 'electron';\nexport const y = app;", /core may not import "electron"/],
  ['core reaches main', 'electron/core/bad.ts', "import { x } from '../main/main.ts';\nexport const y = x;", /core may not import main/],
  ['preload uses Node', 'electron/preload/bad.ts', "import path from 'node:path';\nexport const y = path;", /may not use Node built-in/],
  ['preload reaches core', 'electron/preload/bad.ts', "import { x } from '#core/console-service.ts';\nexport const y = x;", /preload may not import core/],
  ['web shell imports electron', 'electron/web-shell/bad.ts', "const e = require('electron');\nexport const y = e;", /web-shell may not import "electron"/],
  ['web page script uses Node', 'electron/web-shell/page/bad.ts', "import net from 'node:net';\nexport const y = net;", /may not use Node built-in/],
  ['simulator reaches shared', 'central-sim/src/bad.ts', "import { channels } from '#shared/ipc/contract.ts';\nexport const y = channels;", /sim may not import shared/],
  ['simulator reaches core by relative path', 'central-sim/src/bad.ts', "export { x } from '../../electron/core/console-service.ts';", /sim may not import core/],
  ['renderer uses Node through import = require', 'renderer/src/bad.ts', "import fs = require('node:fs');\nexport const y = fs;", /may not use Node built-in/],
  ['dynamic import into core from the renderer', 'renderer/src/bad.ts', "export const y = () => import('#core/console-service.ts');", /renderer may not import core/],
  ['a renderer feature reaches into another feature', 'renderer/src/features/fleet/bad.tsx', "import { AttentionPanel } from '../attention/AttentionPanel.tsx';\nexport const y = AttentionPanel;", /features\/fleet\/ may import the feature renderer\/src\/features\/attention\/ only through its index\.ts/],
  ['a core feature reaches into another feature by alias', 'electron/core/sites/bad.ts', "import { fetchSiteView } from '#core/attention/attention-sync.ts';\nexport const y = fetchSiteView;", /electron\/core\/sites\/ may import the feature electron\/core\/attention\/ only through its index\.ts/],
  ['a shared feature reaches into another feature', 'shared/attention/bad.ts', "import { SiteViewSchema } from '../sites/site-channels.ts';\nexport const y = SiteViewSchema;", /shared\/attention\/ may import the feature shared\/sites\/ only through its index\.ts/],
  ['a feature file in the renderer reaches core', 'renderer/src/features/sites/bad.ts', "import { x } from '#core/sites/site-watcher.ts';\nexport const y = x;", /renderer may not import core/],
  ['a core feature imports electron', 'electron/core/fleet/bad.ts', "import { app } from 'electron';\nexport const y = app;", /core may not import "electron"/],
];

const allowed: Array<[string, string, string]> = [
  ['renderer uses shared and react', 'renderer/src/good.tsx', "import { channels } from '#shared/ipc/contract.ts';\nimport { useState } from 'react';\nexport const y = [channels, useState];"],
  ['core uses shared and Node', 'electron/core/good.ts', "import { channels } from '#shared/ipc/contract.ts';\nimport fs from 'node:fs';\nexport const y = [channels, fs];"],
  ['main uses electron and core', 'electron/main/good.ts', "import { app } from 'electron';\nimport type { ConsoleService } from '#core/console-service.ts';\nexport const y = app; export type Z = ConsoleService;"],
  ['preload uses electron and shared', 'electron/preload/good.ts', "import { contextBridge } from 'electron';\nimport { CHANNEL_NAMES } from '#shared/ipc/contract.ts';\nexport const y = [contextBridge, CHANNEL_NAMES];"],
  ['web shell uses core and Node', 'electron/web-shell/good.ts', "import { channels } from '#shared/ipc/contract.ts';\nimport http from 'node:http';\nexport const y = [channels, http];"],
  ['simulator uses Node and fastify', 'central-sim/src/good.ts', "import https from 'node:https';\nimport Fastify from 'fastify';\nexport const y = [https, Fastify];"],
  ['a renderer feature uses another feature through its index.ts', 'renderer/src/features/fleet/good.tsx', "import { AttentionPanel } from '../attention/index.ts';\nexport const y = AttentionPanel;"],
  ['a core feature uses another feature through its index.ts', 'electron/core/sites/good.ts', "import { createAttentionFeature } from '#core/attention/index.ts';\nexport const y = createAttentionFeature;"],
  ['a feature uses its own files and shared infrastructure', 'shared/attention/good.ts', "import { AttentionViewSchema } from './attention-channels.ts';\nimport { IsoTime } from '../ipc/channel-map.ts';\nexport const y = [AttentionViewSchema, IsoTime];"],
  ['the composition root reaches into features', 'electron/core/good.ts', "import { createSiteFeature } from './sites/site-handlers.ts';\nexport const y = createSiteFeature;"],
  ['a feature test uses another feature\'s test support', 'electron/core/sync/good.test.ts', "import { x } from '../fleet/test-support/fleet-responses.ts';\nexport const y = x;"],
  ['e2e may import anything', 'e2e/good.ts', "import { x } from '#core/console-service.ts';\nimport { y } from '#sim/src/certs.ts';\nexport const z = [x, y];"],
];

describe('process-boundary lint rule (real ESLint config)', () => {
  it.each(violations)('fails when %s', async (_name, file, code, expected) => {
    const errors = await boundaryErrors(file, code);
    expect(errors.length).toBeGreaterThan(0);
    expect(errors.join('\n')).toMatch(expected);
  });

  it.each(allowed)('passes when %s (the file parses and draws no message at all)', async (_name, file, code) => {
    expect(await lintMessages(file, code)).toEqual([]);
  });
});
