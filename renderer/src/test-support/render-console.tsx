import { cleanup, render } from '@testing-library/react';
import { afterEach } from 'vitest';
import { userEvent } from '@testing-library/user-event';
import { createContractClient } from '#shared/ipc/client.ts';
import { App } from '../App.tsx';
import { createConsoleStores, startConsole } from '../stores/console-stores.ts';
import { ConsoleStoresContext } from '../stores/use-stores.ts';
import { preloadSignedInConsole } from '../signed-in-chunk.tsx';
import type { FakeBridge } from './fake-bridge.ts';

// vitest runs without globals, so testing-library cannot register its own cleanup.
afterEach(() => {
  cleanup();
});

/**
 * Renders the whole console against a fake bridge, wired exactly as main.tsx wires it (which also
 * starts loading the signed-in chunk at boot; here it is awaited, so a test sees what a technician
 * sees after typing a password — the chunk long arrived).
 * Returns `disconnect` to drop the event subscriptions (testing-library unmounts by itself).
 */
export async function renderConsole(bridge: FakeBridge) {
  const client = createContractClient(bridge);
  const stores = createConsoleStores(client);
  const user = userEvent.setup();
  const [disconnect] = await Promise.all([startConsole(client, stores), preloadSignedInConsole()]);
  const view = render(
    <ConsoleStoresContext value={stores}>
      <App />
    </ConsoleStoresContext>,
  );
  return { ...view, stores, user, disconnect };
}
