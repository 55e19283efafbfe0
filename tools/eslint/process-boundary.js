// ESLint rule: the process boundary is the folder boundary (docs/ARCHITECTURE.md, "Folders and the
// boundary rule"); inside a layer, a feature folder is reached from another feature only through
// its index.ts (docs/technical/adding-a-data-kind.md).
// Each file belongs to a layer by its path; each import resolves to a layer; the matrix below says
// which layers and which npm packages a layer may reach. Plain JS so ESLint loads it without a build.
import { existsSync } from 'node:fs';
import { builtinModules } from 'node:module';
import path from 'node:path';

const NODE_BUILTINS = new Set(builtinModules);

/** Layer of a file, by its path relative to the repository root. Order matters: most specific first. */
const LAYER_BY_FOLDER = [
  ['electron/web-shell/page/', 'web-page'],
  ['electron/web-shell/', 'web-shell'],
  ['electron/core/', 'core'],
  ['electron/main/', 'main'],
  ['electron/preload/', 'preload'],
  ['renderer/', 'renderer'],
  ['shared/', 'shared'],
  ['central-sim/', 'sim'],
];

const ALIAS_LAYERS = { '#shared/': 'shared', '#core/': 'core', '#sim/': 'sim' };

const ANY_PACKAGE = '*';

/**
 * For each layer: the layers it may import, whether Node built-ins are allowed, which `electron`
 * entry points, and which npm packages ('*' = any package except electron).
 */
export const BOUNDARIES = {
  shared: { layers: ['shared'], node: false, electron: [], packages: ['zod'] },
  renderer: {
    layers: ['renderer', 'shared'],
    node: false,
    electron: [],
    packages: ['zod', 'react', 'react-dom', 'zustand', '@tanstack/react-virtual', 'uplot'],
  },
  core: { layers: ['core', 'shared'], node: true, electron: [], packages: [ANY_PACKAGE] },
  main: { layers: ['main', 'core', 'shared'], node: true, electron: ['electron', 'electron/main'], packages: [ANY_PACKAGE] },
  preload: { layers: ['preload', 'shared'], node: false, electron: ['electron', 'electron/renderer'], packages: ['zod'] },
  'web-shell': { layers: ['web-shell', 'core', 'shared'], node: true, electron: [], packages: [ANY_PACKAGE] },
  'web-page': { layers: ['web-page', 'shared'], node: false, electron: [], packages: ['zod'] },
  sim: { layers: ['sim'], node: true, electron: [], packages: [ANY_PACKAGE] },
};

export function layerOfFile(absoluteFile, repoRoot) {
  const relative = path.relative(repoRoot, absoluteFile).split(path.sep).join('/');
  if (relative.startsWith('..')) return null;
  // Tests and test-only helpers (always in a `test-support/` folder beside the code they serve) are
  // not shipped, and may reach across (e.g. a core test using the simulator's PKI).
  if (isTestOnly(relative)) return null;
  // Build configuration (vite.config.ts) runs in the build tool, not in the layer it configures.
  if (/\.config\.[cm]?[jt]s$/.test(relative)) return null;
  for (const [folder, layer] of LAYER_BY_FOLDER) if (relative.startsWith(folder)) return layer;
  return null; // tests, e2e, scripts, tools: free to import anything
}

function isTestOnly(relative) {
  return /\.test\.[cm]?[jt]sx?$/.test(relative) || /(^|\/)test-support\//.test(relative);
}

/** Folders that hold features: every folder in the renderer's `features/`; in shared and core, a folder with an index.ts. */
const FEATURE_PARENTS = ['renderer/src/features/', 'shared/', 'electron/core/'];

/** The feature folder a repository-relative path lies in ('shared/fleet/'), or null. */
export function featureOf(relative, repoRoot) {
  for (const parent of FEATURE_PARENTS) {
    if (!relative.startsWith(parent)) continue;
    const rest = relative.slice(parent.length);
    const slash = rest.indexOf('/');
    if (slash <= 0) return null;
    const folder = parent + rest.slice(0, slash + 1);
    if (parent === 'renderer/src/features/' || existsSync(path.join(repoRoot, folder, 'index.ts'))) return folder;
    return null;
  }
  return null;
}

const ALIAS_FOLDERS = { '#shared/': 'shared/', '#core/': 'electron/core/' };

/** A feature file may reach another feature only through that feature's index.ts. */
function checkFeatureImport({ specifier, importerFile, repoRoot }) {
  const importer = path.relative(repoRoot, importerFile).split(path.sep).join('/');
  if (isTestOnly(importer)) return null;
  const fromFeature = featureOf(importer, repoRoot);
  if (!fromFeature) return null;
  let target;
  const alias = Object.keys(ALIAS_FOLDERS).find((prefix) => specifier.startsWith(prefix));
  if (alias) target = ALIAS_FOLDERS[alias] + specifier.slice(alias.length);
  else if (specifier.startsWith('.')) target = path.relative(repoRoot, path.resolve(path.dirname(importerFile), specifier)).split(path.sep).join('/');
  else return null;
  const toFeature = featureOf(target, repoRoot);
  if (!toFeature || toFeature === fromFeature || target === `${toFeature}index.ts`) return null;
  return `the feature ${fromFeature} may import the feature ${toFeature} only through its index.ts, not ${target}`;
}

function packageName(specifier) {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

/** Returns a sentence explaining the violation, or null when the import is allowed. */
export function checkImport({ fromLayer, specifier, importerFile, repoRoot }) {
  const rules = BOUNDARIES[fromLayer];
  if (!rules) return null;
  if (specifier.startsWith('#')) {
    const alias = Object.keys(ALIAS_LAYERS).find((prefix) => specifier.startsWith(prefix));
    const target = alias ? ALIAS_LAYERS[alias] : null;
    if (target && rules.layers.includes(target)) return null;
    return `${fromLayer} may not import ${target ?? specifier} (allowed: ${rules.layers.join(', ')})`;
  }
  if (specifier.startsWith('.') || specifier.startsWith('/')) {
    const resolved = path.resolve(path.dirname(importerFile), specifier);
    const target = layerOfFile(resolved, repoRoot);
    if (target && rules.layers.includes(target)) return null;
    if (!target && (fromLayer === 'renderer' || fromLayer === 'shared') && isAsset(specifier)) return null;
    return `${fromLayer} may not import ${target ?? path.relative(repoRoot, resolved)} by relative path (allowed: ${rules.layers.join(', ')})`;
  }
  if (specifier.startsWith('node:') || NODE_BUILTINS.has(specifier)) {
    return rules.node ? null : `${fromLayer} may not use Node built-in "${specifier}": it runs without Node`;
  }
  if (specifier === 'electron' || specifier.startsWith('electron/')) {
    return rules.electron.includes(specifier) ? null : `${fromLayer} may not import "${specifier}"`;
  }
  const name = packageName(specifier);
  if (rules.packages.includes(name) || rules.packages.includes(ANY_PACKAGE)) return null;
  return `${fromLayer} may not import the package "${name}" (allowed packages: ${rules.packages.join(', ') || 'none'})`;
}

function isAsset(specifier) {
  return /\.(css|svg|png|woff2?)$/.test(specifier);
}

/** @type {import('eslint').Rule.RuleModule} */
const rule = {
  meta: {
    type: 'problem',
    docs: { description: 'Enforce the process boundaries between shared, renderer, core, main, preload, web shell and simulator, and reach features only through their index.ts' },
    schema: [{ type: 'object', properties: { repoRoot: { type: 'string' } }, additionalProperties: false }],
    messages: { crossed: 'Process boundary: {{reason}}.' },
  },
  create(context) {
    const repoRoot = context.options[0]?.repoRoot ?? context.cwd;
    const importerFile = context.filename;
    const fromLayer = layerOfFile(importerFile, repoRoot);
    if (!fromLayer) return {};

    function check(node, source) {
      if (!source || source.type !== 'Literal' || typeof source.value !== 'string') return;
      const reason =
        checkImport({ fromLayer, specifier: source.value, importerFile, repoRoot }) ??
        checkFeatureImport({ specifier: source.value, importerFile, repoRoot });
      if (reason) context.report({ node, messageId: 'crossed', data: { reason } });
    }

    return {
      ImportDeclaration: (node) => check(node, node.source),
      ExportNamedDeclaration: (node) => check(node, node.source),
      ExportAllDeclaration: (node) => check(node, node.source),
      ImportExpression: (node) => check(node, node.source),
      // `import fs = require('node:fs')` (TypeScript's CommonJS import form).
      TSImportEqualsDeclaration(node) {
        if (node.moduleReference.type === 'TSExternalModuleReference') check(node, node.moduleReference.expression);
      },
      CallExpression(node) {
        if (node.callee.type === 'Identifier' && node.callee.name === 'require') check(node, node.arguments[0]);
      },
    };
  },
};

export default rule;
