import type { BrowserWindowConstructorOptions } from 'electron';
import { MIN_WINDOW_SIZE, type Rect } from './window-state.ts';

export const WINDOW_BACKGROUND_COLOR = '#0f172a';

/**
 * The main window: a sandboxed, context-isolated renderer with no Node and no way to relax web
 * security (checklist items 2–4, 6, 8–10; webviews off for 11–12). Hidden until ready-to-show so
 * the technician never sees an unpainted frame. DevTools only in a development run: in a packaged
 * console they would let anyone at the keyboard script the renderer past every check in it.
 */
export function mainWindowOptions(options: { preloadPath: string; devTools: boolean; title?: string; bounds?: Partial<Rect> }): BrowserWindowConstructorOptions {
  return {
    title: options.title ?? 'Central Console',
    width: 1280,
    height: 820,
    // Where the technician left it (window-state.ts), when that is still on a display.
    ...options.bounds,
    minWidth: MIN_WINDOW_SIZE.width,
    minHeight: MIN_WINDOW_SIZE.height,
    show: false,
    backgroundColor: WINDOW_BACKGROUND_COLOR,
    autoHideMenuBar: true,
    webPreferences: {
      preload: options.preloadPath,
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      // A middle click must not open anything (the window-open handler denies it anyway).
      disableBlinkFeatures: 'Auxclick',
      devTools: options.devTools,
    },
  };
}
