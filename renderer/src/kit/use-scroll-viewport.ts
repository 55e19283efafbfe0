import { useLayoutEffect, useState, type RefObject } from 'react';

export interface ScrollViewport {
  top: number;
  height: number;
}

/**
 * Where a scroll box is scrolled to and how tall its rows area is, kept current on scroll and
 * resize: what kit/fixed-row-window.ts turns into the rows to render. `chrome` is the height inside
 * the box that is not rows (a sticky head); a box without layout (jsdom, not laid out yet) reports
 * `fallbackHeight`, so a screenful is rendered rather than nothing.
 */
export function useScrollViewport(box: RefObject<HTMLElement | null>, options: { chrome?: number; fallbackHeight: number }): ScrollViewport {
  const { chrome = 0, fallbackHeight } = options;
  const [viewport, setViewport] = useState<ScrollViewport>({ top: 0, height: fallbackHeight });
  useLayoutEffect(() => {
    const element = box.current;
    if (!element) return;
    const update = () => setViewport({ top: element.scrollTop, height: element.clientHeight > 0 ? element.clientHeight - chrome : fallbackHeight });
    update();
    element.addEventListener('scroll', update, { passive: true });
    const resize = typeof ResizeObserver === 'function' ? new ResizeObserver(update) : null;
    resize?.observe(element);
    return () => {
      element.removeEventListener('scroll', update);
      resize?.disconnect();
    };
  }, [box, chrome, fallbackHeight]);
  return viewport;
}
