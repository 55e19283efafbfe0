import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createContractClient } from '#shared/ipc/client.ts';
import { findBridge } from './bridge.ts';
import { App } from './App.tsx';
import { BridgeMissingView } from './views/BridgeMissingView.tsx';
import { preloadSignedInConsole } from './signed-in-chunk.tsx';
import { createConsoleStores, startConsole } from './stores/console-stores.ts';
import { ConsoleStoresContext } from './stores/use-stores.ts';
import './styles/base.css';
import './styles/auth.css';
import './styles/console.css';
import './styles/sites-table.css';
import './styles/site.css';
import './styles/org-tree.css';
import './styles/lock.css';
import './styles/settings.css';

const container = document.getElementById('root');
if (!container) throw new Error('index.html has no #root element');
const root = createRoot(container);
const bridge = findBridge();

if (!bridge) {
  root.render(<BridgeMissingView />);
} else {
  const client = createContractClient(bridge);
  const stores = createConsoleStores(client);
  void startConsole(client, stores);
  // Its failure is shown by the screen that needs the chunk (ScreenLoadError), not here.
  preloadSignedInConsole().catch(() => undefined);
  root.render(
    <StrictMode>
      <ConsoleStoresContext value={stores}>
        <App />
      </ConsoleStoresContext>
    </StrictMode>,
  );
}
