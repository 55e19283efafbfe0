import { describe, expect, it } from 'vitest';
import { mainWindowOptions } from './window-options.ts';

describe('mainWindowOptions', () => {
  const options = mainWindowOptions({ preloadPath: '/app/build/electron/preload.cjs', devTools: false });
  const web = options.webPreferences ?? {};

  it('sandboxes and isolates the renderer, with no Node anywhere', () => {
    expect(web.sandbox).toBe(true);
    expect(web.contextIsolation).toBe(true);
    expect(web.nodeIntegration).toBe(false);
    expect(web.nodeIntegrationInWorker).toBe(false);
    expect(web.nodeIntegrationInSubFrames).toBe(false);
  });

  it('keeps web security on and every risky feature off', () => {
    expect(web.webSecurity).toBe(true);
    expect(web.allowRunningInsecureContent).toBe(false);
    expect(web.experimentalFeatures).toBe(false);
    expect(web.webviewTag).toBe(false);
    expect(web).not.toHaveProperty('enableBlinkFeatures');
    expect(web.disableBlinkFeatures).toBe('Auxclick');
  });

  it('loads the given preload and stays hidden until ready-to-show', () => {
    expect(web.preload).toBe('/app/build/electron/preload.cjs');
    expect(options.show).toBe(false);
    expect(options.backgroundColor).toMatch(/^#[0-9a-f]{6}$/i);
  });

  it('has DevTools only when asked for (development runs)', () => {
    expect(web.devTools).toBe(false);
    expect(mainWindowOptions({ preloadPath: '/p', devTools: true }).webPreferences?.devTools).toBe(true);
  });
});
