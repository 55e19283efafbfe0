import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';

// Two projects: everything that runs in Node (shared, core, main/preload/web-shell with fakes,
// central-sim, integration), and the renderer under jsdom.
export default defineConfig({
  test: {
    // Vitest's default is one worker fewer than the CPUs: on a 2-core CI machine that is one, and the
    // suite ran file after file (~10 min). Most files wait on loopback TLS, workers and disk, so two
    // share two cores well.
    maxWorkers: Math.max(2, availableParallelism() - 1),
    projects: [
      {
        test: {
          name: 'node',
          environment: 'node',
          include: ['shared/**/*.test.ts', 'electron/**/*.test.ts', 'central-sim/**/*.test.ts', 'tests/**/*.test.ts', 'tools/**/*.test.ts', 'scripts/**/*.test.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
          pool: 'forks',
        },
      },
      {
        plugins: [react()],
        test: {
          name: 'renderer',
          environment: 'jsdom',
          include: ['renderer/**/*.test.{ts,tsx}'],
          testTimeout: 15_000,
        },
      },
    ],
  },
});
