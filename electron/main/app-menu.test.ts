import { describe, expect, it } from 'vitest';
import { appMenuTemplate, menuRoles } from './app-menu.ts';

describe('appMenuTemplate', () => {
  it.each(['linux', 'win32', 'darwin'] as const)('on %s: developer items only in a development run', (platform) => {
    const packaged = menuRoles(appMenuTemplate({ isPackaged: true, platform }));
    const development = menuRoles(appMenuTemplate({ isPackaged: false, platform }));
    for (const role of ['reload', 'forceReload', 'toggleDevTools']) {
      expect(packaged).not.toContain(role);
      expect(development).toContain(role);
    }
    expect(packaged).toEqual(expect.arrayContaining(['undo', 'redo', 'cut', 'copy', 'paste', 'selectAll', 'zoomIn', 'zoomOut', 'resetZoom', 'minimize']));
  });

  it('gives macOS its app menu (About, Hide, Quit) and the others a File menu with Quit', () => {
    expect(menuRoles(appMenuTemplate({ isPackaged: true, platform: 'darwin' }))[0]).toBe('appMenu');
    expect(appMenuTemplate({ isPackaged: true, platform: 'linux' })[0]).toMatchObject({ label: '&File', submenu: [{ role: 'quit' }] });
  });
});
