import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { test as base, chromium, _electron, type Browser, type Page, type ElectronApplication } from '@playwright/test';
import { startSimulator, type RunningSimulator } from '#sim/src/server.ts';
import { createConsoleService, type ConsoleService } from '#core/console-service.ts';
import { createProfileStore } from '#core/profiles/profile-store.ts';
import { createKeychainVault } from '#core/vault/keychain-vault.ts';
import { vaultAccount, type VaultSecretKind } from '#core/vault/accounts.ts';
import { createFileLog } from '#core/logging/file-log.ts';
import { startWebShell, type WebShell } from '../electron/web-shell/server.ts';
import { findChromium } from '../electron/web-shell/chromium.ts';
import { findElectronBinary } from '../scripts/lib/electron-binary.ts';

export const repoRoot = path.resolve(import.meta.dirname, '..');
export const artifactsDir = path.join(repoRoot, 'artifacts');

/** A running console, in whichever shell the project selects; scenarios only see its page. */
export interface ConsoleApp {
  page: Page;
  /** Web shell only: every bridge frame the page sent or received, to search for secrets. */
  bridgeTraffic: string[] | null;
  /** Why bridgeTraffic is null in this shell, for the scenario to say so. */
  bridgeTrafficUnavailable: string | null;
  /** Closes the console completely (window, core, cache) as a technician quitting it would. */
  quit(): Promise<void>;
}

export interface ConsoleLauncher {
  shell: 'web' | 'electron';
  /** The console's data folder and keychain service stay the same across launches within a test. */
  dataDir: string;
  keychainService: string;
  launch(options?: LaunchOptions): Promise<ConsoleApp>;
}

export interface LaunchOptions {
  /** Shortens the idle lock (the product's minimum is one minute) for the idle-lock scenario. */
  idleLockSeconds?: number;
  /** Shortens how often a review asks whether Central Command is back (the product: every 30 s). */
  reachabilityProbeSeconds?: number;
}

interface Launched {
  app: ConsoleApp;
}

const SECRET_KINDS: VaultSecretKind[] = ['session-token', 'cache-key', 'cache-key-share', 'durable-key'];

/**
 * A test-only path around the console: the keychain entries of every profile in the data folder are
 * deleted directly, so a run on a real keychain (macOS, a desktop) leaves none behind — whatever state
 * the scenario left the console in (a locked console refuses to remove profiles, by design).
 */
async function forgetKeychainEntries(dataDir: string, keychainService: string): Promise<void> {
  const { profiles } = await createProfileStore(dataDir).list();
  const vault = createKeychainVault(keychainService);
  for (const profile of profiles) for (const kind of SECRET_KINDS) await vault.delete(vaultAccount(profile.origin, profile.userId, kind));
}

interface Fixtures {
  sim: RunningSimulator;
  consoleApp: ConsoleLauncher;
}

interface Options {
  shell: 'web' | 'electron';
}

export const test = base.extend<Fixtures & Options, { browser: Browser }>({
  shell: ['web', { option: true }],

  // Debian's Chromium, never a downloaded one: nothing here may fetch a browser build.
  browser: [
    async ({}, use) => {
      const executablePath = findChromium(process.env);
      if (executablePath === null) throw new Error("Debian's chromium is not installed: apt-get install chromium");
      const browser = await chromium.launch({
        executablePath,
        args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
      });
      await use(browser);
      await browser.close();
    },
    { scope: 'worker' },
  ],

  // A fresh simulator per scenario: lockouts, rate limits and sessions never leak between them.
  sim: async ({}, use) => {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'cc-e2e-sim-'));
    const sim = await startSimulator({ seed: 42, sites: 300, dataDir, port: 0, controlPort: 0 });
    await use(sim);
    await sim.close().catch(() => undefined);
    await rm(dataDir, { recursive: true, force: true });
  },

  consoleApp: async ({ shell, browser }, use, testInfo) => {
    // Skipped before the data folder exists: a skip throws, and a folder made first would never be removed.
    const binary = shell === 'electron' ? findElectronBinary(repoRoot) : null;
    if (binary && 'missing' in binary) test.skip(true, `skipped: no Electron binary (${binary.missing}) — the same scenarios ran in the web shell`);
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'cc-e2e-console-'));
    const keychainService = `central-console-e2e-${process.pid}-${testInfo.testId}`;
    const running: Launched[] = [];
    let launch: (options: LaunchOptions) => Promise<Launched>;

    if (binary) {
      launch = async ({ idleLockSeconds, reachabilityProbeSeconds }) => {
        const app: ElectronApplication = await _electron.launch({
          executablePath: 'path' in binary ? binary.path : undefined,
          // Chromium refuses to start sandboxed as root.
          args: [...(process.getuid?.() === 0 ? ['--no-sandbox'] : []), path.join(repoRoot, 'build', 'electron', 'main.cjs')],
          env: {
            ...process.env,
            CENTRAL_CONSOLE_DATA_DIR: dataDir,
            CENTRAL_CONSOLE_KEYCHAIN_SERVICE: keychainService,
            ...(idleLockSeconds ? { CENTRAL_CONSOLE_IDLE_LOCK_SECONDS: String(idleLockSeconds) } : {}),
            ...(reachabilityProbeSeconds ? { CENTRAL_CONSOLE_REACHABILITY_PROBE_SECONDS: String(reachabilityProbeSeconds) } : {}),
          } as Record<string, string>,
        });
        const page = await app.firstWindow();
        return {
          app: {
            page,
            bridgeTraffic: null,
            bridgeTrafficUnavailable: "Electron's IPC between preload and main is not visible to Playwright (no WebSocket frames to record)",
            quit: () => app.close(),
          },
        };
      };
    } else {
      launch = async ({ idleLockSeconds, reachabilityProbeSeconds }) => {
        // The same log file the shells write, so scenarios can search it.
        const log = createFileLog({ dataDir });
        const service: ConsoleService = await createConsoleService({
          log,
          dataDir,
          shell: 'web',
          appVersion: 'e2e',
          platform: process.platform,
          keychainService,
          syncIntervalSeconds: 60,
          ...(idleLockSeconds ? { idleLockMsOverride: idleLockSeconds * 1000 } : {}),
          ...(reachabilityProbeSeconds ? { reachabilityProbeSeconds } : {}),
        });
        await service.start();
        const shellServer: WebShell = await startWebShell({
          handlers: service.handlers,
          onEvent: (listener) => service.onEvent(listener),
          rendererDir: path.join(repoRoot, 'build', 'renderer'),
          log,
        });
        const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
        const page = await context.newPage();
        const bridgeTraffic: string[] = [];
        page.on('websocket', (socket) => {
          socket.on('framesent', (frame) => bridgeTraffic.push(String(frame.payload)));
          socket.on('framereceived', (frame) => bridgeTraffic.push(String(frame.payload)));
        });
        await page.goto(shellServer.url);
        return {
          app: {
            page,
            bridgeTraffic,
            bridgeTrafficUnavailable: null,
            quit: async () => {
              await context.close();
              await shellServer.close();
              await service.dispose();
              log.close();
            },
          },
        };
      };
    }

    await use({
      shell,
      dataDir,
      keychainService,
      launch: async (options = {}) => {
        const launched = await launch(options);
        running.push(launched);
        return launched.app;
      },
    });
    for (const { app } of running.reverse()) await app.quit().catch(() => undefined);
    await forgetKeychainEntries(dataDir, keychainService).catch(() => undefined);
    await rm(dataDir, { recursive: true, force: true });
  },
});

export { expect } from '@playwright/test';
