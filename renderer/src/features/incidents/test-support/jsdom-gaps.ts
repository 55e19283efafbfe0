/**
 * What jsdom lacks that the incidents view's chart touches: `matchMedia` (uPlot reads the screen's
 * pixel ratio when its module loads) and a 2D canvas (jsdom's getContext only logs "not
 * implemented"). Installed by the renderer tests only: there the chart shows its data table and is
 * not drawn; Chromium in e2e draws it.
 */
export function installJsdomGaps(): void {
  if (typeof window.matchMedia !== 'function') {
    window.matchMedia = (media: string) =>
      ({
        matches: false,
        media,
        onchange: null,
        addEventListener: () => undefined,
        removeEventListener: () => undefined,
        addListener: () => undefined,
        removeListener: () => undefined,
        dispatchEvent: () => false,
      }) satisfies MediaQueryList;
  }
  HTMLCanvasElement.prototype.getContext = (() => null) as typeof HTMLCanvasElement.prototype.getContext;
}
