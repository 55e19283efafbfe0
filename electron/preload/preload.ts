import { contextBridge, ipcRenderer } from 'electron';
import { BRIDGE_GLOBAL_NAME } from '#shared/ipc/bridge.ts';
import { createPreloadBridge } from './preload-bridge.ts';

// Bundled by scripts/build.mjs into build/electron/preload.cjs: a sandboxed preload can require
// only Electron's renderer modules, not relative files. The Electron IPC names it uses are
// `cc:call:<channel>` and `cc:event:<event>` (shared/security/bridge-allowlist.ts).
contextBridge.exposeInMainWorld(BRIDGE_GLOBAL_NAME, createPreloadBridge(ipcRenderer));
