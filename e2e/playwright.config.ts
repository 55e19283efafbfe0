import path from 'node:path';
import { defineConfig } from '@playwright/test';

// One scenario suite, two shells: the web shell in Debian's Chromium (runs everywhere) and the
// Electron app through Playwright's _electron (runs where the Electron binary exists, else skipped).
const artifacts = path.resolve(import.meta.dirname, '..', 'artifacts');

export default defineConfig<{ shell: 'web' | 'electron' }>({
  testDir: './scenarios',
  tsconfig: './tsconfig.playwright.json',
  outputDir: path.join(artifacts, 'e2e-results'),
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 15_000 },
  reporter: [['list'], ['json']],
  projects: [
    { name: 'web', use: { shell: 'web' } },
    { name: 'electron', use: { shell: 'electron' } },
  ],
});
