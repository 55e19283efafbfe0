#!/usr/bin/env node
// Builds what the Electron app runs, into build/ (see electron-builder.yml `files`):
//   renderer  build/renderer/            (vite, renderer/vite.config.ts)
//   electron  build/electron/main.cjs     (main process: node, cjs; natives + electron external)
//             build/electron/preload.cjs  (sandboxed preload: one self-contained file)
//             build/electron/cache-worker.mjs (the cache worker thread: node, esm)
//             build/electron/durable-worker.mjs (the durable store's worker thread: node, esm)
//   web       checks that the web shell's page script bundles (the web shell bundles it itself
//             at start, so nothing is written)
// Usage: node scripts/build.mjs [--only renderer|electron|web[,…]] [--out DIR (electron bundles, default build)]
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { build as esbuild } from 'esbuild';
import { inlineAccessTables } from '../electron/web-shell/access-tables-plugin.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const TARGETS = ['renderer', 'electron', 'web'];

// Native modules cannot be bundled (their .node files are unpacked from the asar), electron is the
// runtime itself, electron-updater reads its own package files at run time.
const NODE_EXTERNALS = ['electron', 'better-sqlite3-multiple-ciphers', '@napi-rs/keyring', 'electron-updater'];
const ELECTRON_CHROME_TARGET = 'chrome140';
const ELECTRON_NODE_TARGET = 'node24';

const { values } = parseArgs({ options: { only: { type: 'string' }, out: { type: 'string' } }, strict: true });
const selected = values.only ? values.only.split(',').map((name) => name.trim()) : TARGETS;
for (const name of selected) {
  if (!TARGETS.includes(name)) {
    console.error(`Unknown build target "${name}". Use --only ${TARGETS.join('|')}`);
    process.exit(2);
  }
}

const say = (message) => console.log(`[build] ${message}`);
const kilobytes = (bytes) => `${(bytes / 1024).toFixed(1)} KiB`;
/** The renderer's initial JavaScript (the entry script and what it preloads), minified: see reportInitialScripts. */
const INITIAL_SCRIPT_BUDGET_BYTES = 280_000;

if (selected.includes('renderer')) await buildRenderer();
if (selected.includes('electron')) await buildElectron();
if (selected.includes('web')) await checkWebPage();

async function buildRenderer() {
  const started = Date.now();
  const { build: viteBuild } = await import('vite');
  await viteBuild({ configFile: path.join(root, 'renderer', 'vite.config.ts'), logLevel: 'warn' });
  say(`renderer → build/renderer (${Date.now() - started} ms)`);
  printSizes(path.join(root, 'build', 'renderer'));
  reportInitialScripts(path.join(root, 'build', 'renderer'));
}

/**
 * The JavaScript the first screen parses: the entry script index.html loads plus every chunk it
 * preloads. Held to a budget (what sign-in does not need loads lazily); over it, the build fails.
 */
function reportInitialScripts(outDir) {
  const html = readFileSync(path.join(outDir, 'index.html'), 'utf8');
  const scripts = [...html.matchAll(/<(?:script type="module"[^>]*\ssrc|link rel="modulepreload"[^>]*\shref)="\.\/([^"]+\.js)"/g)].map((match) => match[1]);
  if (scripts.length === 0) throw new Error('build/renderer/index.html loads no module script: the entry chunk could not be measured');
  const bytes = scripts.reduce((sum, file) => sum + statSync(path.join(outDir, file)).size, 0);
  say(`renderer entry chunk (initial JS: ${scripts.join(', ')}): ${(bytes / 1000).toFixed(1)} KB of a ${INITIAL_SCRIPT_BUDGET_BYTES / 1000} KB budget`);
  if (bytes > INITIAL_SCRIPT_BUDGET_BYTES) {
    console.error(`[build] The renderer's initial JavaScript is over its budget by ${((bytes - INITIAL_SCRIPT_BUDGET_BYTES) / 1000).toFixed(1)} KB: load what the first screen does not need lazily.`);
    process.exit(1);
  }
}

async function buildElectron() {
  const outDir = path.join(values.out ? path.resolve(values.out) : path.join(root, 'build'), 'electron');
  const common = { absWorkingDir: root, bundle: true, legalComments: 'none', logLevel: 'warning', metafile: true, sourcemap: false };

  await report(
    'main',
    esbuild({
      ...common,
      entryPoints: ['electron/main/main.ts'],
      outfile: path.join(outDir, 'main.cjs'),
      platform: 'node',
      format: 'cjs',
      target: ELECTRON_NODE_TARGET,
      external: NODE_EXTERNALS,
      // Core code locates files with import.meta.url; in a cjs bundle that is the bundle's own URL.
      define: { 'import.meta.url': '__bundleFileUrl' },
      banner: { js: "const __bundleFileUrl = require('node:url').pathToFileURL(__filename).href;" },
    }),
  );

  await report(
    'preload',
    esbuild({
      ...common,
      entryPoints: ['electron/preload/preload.ts'],
      outfile: path.join(outDir, 'preload.cjs'),
      // A sandboxed preload gets a browser-like environment with a tiny `require` for electron only.
      platform: 'browser',
      format: 'cjs',
      target: ELECTRON_CHROME_TARGET,
      external: ['electron'],
      plugins: [inlineAccessTables],
    }),
  );

  for (const [name, entry, outfile] of [
    ['cache worker', 'electron/core/cache/cache-worker.ts', 'cache-worker.mjs'],
    ['durable store worker', 'electron/core/durable/durable-worker.ts', 'durable-worker.mjs'],
  ]) {
    await report(
      name,
      esbuild({
        ...common,
        entryPoints: [entry],
        outfile: path.join(outDir, outfile),
        platform: 'node',
        format: 'esm',
        target: ELECTRON_NODE_TARGET,
        external: NODE_EXTERNALS,
        // Bundled CommonJS dependencies call require(); an ES module has none unless given one.
        banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
      }),
    );
  }
}

async function checkWebPage() {
  const { bundleBridgePage } = await import('../electron/web-shell/page-bundle.ts');
  const script = await bundleBridgePage();
  say(`web-shell page script bundles: ${kilobytes(Buffer.byteLength(script))} (bundled again by the web shell at start)`);
}

async function report(label, building) {
  const result = await building;
  for (const [file, output] of Object.entries(result.metafile.outputs)) {
    say(`${label} → ${file} ${kilobytes(output.bytes)}`);
  }
}

function printSizes(dir) {
  const files = [];
  const walk = (current) => {
    for (const entry of existsSync(current) ? readdirSync(current) : []) {
      const full = path.join(current, entry);
      if (statSync(full).isDirectory()) walk(full);
      else files.push(full);
    }
  };
  walk(dir);
  for (const file of files.sort()) say(`  ${path.relative(root, file)} ${kilobytes(statSync(file).size)}`);
}
