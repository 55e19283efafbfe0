import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';
import { contentSecurityPolicy } from '../shared/security/csp.ts';

// The shells' own strict policy; frame-ancestors is dropped because a meta tag cannot carry it.
const SHIPPED_CSP = contentSecurityPolicy({ shell: 'electron' })
  .split('; ')
  .filter((directive) => !directive.startsWith('frame-ancestors'))
  .join('; ');

/**
 * The packaged page carries the strict CSP as a meta tag too (defence in depth next to the shell's
 * header). Build only: the dev server's React refresh preamble is an inline script.
 */
function strictCspMeta(): Plugin {
  return {
    name: 'central-console-strict-csp',
    apply: 'build',
    transformIndexHtml: () => [
      { tag: 'meta', attrs: { 'http-equiv': 'Content-Security-Policy', content: SHIPPED_CSP }, injectTo: 'head-prepend' },
    ],
  };
}

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: './',
  plugins: [react(), strictCspMeta()],
  resolve: {
    alias: { '#shared': fileURLToPath(new URL('../shared', import.meta.url)) },
  },
  build: {
    outDir: fileURLToPath(new URL('../build/renderer', import.meta.url)),
    emptyOutDir: true,
    sourcemap: false,
    // data: URIs would be refused by the CSP (img-src falls back to 'self').
    assetsInlineLimit: 0,
    target: 'chrome140',
  },
});
