import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import processBoundary from './tools/eslint/process-boundary.js';

const repoRoot = import.meta.dirname;

// Flat config replaces a rule's options per matching block, so a block that sets
// no-restricted-syntax must repeat these or they stop applying to its files.
const everywhereRestrictedSyntax = [
  { selector: "Property[key.name='rejectUnauthorized'][value.value=false]", message: 'Never turn off TLS verification.' },
];
// shell.openExternal can start any handler registered for a URL: only external-links.ts calls it
// (allow-listed https links, after the technician confirms).
const OPEN_EXTERNAL_MESSAGE = 'Open links only through electron/main/external-links.ts (allow-listed https, confirmed).';
const openExternalRestrictedSyntax = [
  { selector: "MemberExpression[property.name='openExternal']", message: OPEN_EXTERNAL_MESSAGE },
  { selector: "Property[key.name='openExternal']", message: OPEN_EXTERNAL_MESSAGE },
  { selector: "ImportSpecifier[imported.name='openExternal']", message: OPEN_EXTERNAL_MESSAGE },
];

export default tseslint.config(
  { ignores: ['node_modules/**', '.tools/**', 'build/**', 'dist/**', 'release/**', 'test-results/**', 'playwright-report/**', 'artifacts/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2024, sourceType: 'module', globals: { ...globals.node } },
    plugins: { local: { rules: { 'process-boundary': processBoundary } } },
    rules: {
      'local/process-boundary': ['error', { repoRoot }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-restricted-syntax': ['error', ...everywhereRestrictedSyntax, ...openExternalRestrictedSyntax],
    },
  },
  {
    files: ['electron/main/external-links.ts'],
    rules: { 'no-restricted-syntax': ['error', ...everywhereRestrictedSyntax] },
  },
  {
    // The fake electron module stands in for shell.openExternal so the wiring test can watch it.
    files: ['electron/main/test-support/fake-electron.ts'],
    rules: { 'no-restricted-syntax': ['error', ...everywhereRestrictedSyntax] },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      ...reactHooks.configs.recommended.rules,
      // no-restricted-properties only sees member access (a.b), never a JSX attribute, so both forms are matched here.
      'no-restricted-syntax': [
        'error',
        ...everywhereRestrictedSyntax,
        ...openExternalRestrictedSyntax,
        { selector: "JSXAttribute[name.name='dangerouslySetInnerHTML']", message: 'Render server text as text.' },
        { selector: "Property[key.name='dangerouslySetInnerHTML']", message: 'Render server text as text.' },
        { selector: "MemberExpression[property.name='dangerouslySetInnerHTML']", message: 'Render server text as text.' },
      ],
    },
  },
  {
    // Playwright fixtures must destructure their (possibly empty) dependencies: `async ({}, use) => …`.
    files: ['e2e/**/*.ts'],
    rules: { 'no-empty-pattern': 'off' },
  },
  {
    files: ['electron/preload/**/*.ts', 'electron/web-shell/page/**/*.ts'],
    languageOptions: { globals: { ...globals.browser } },
  },
);
