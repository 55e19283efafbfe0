import { useLayoutEffect, useRef, useState, type RefObject } from 'react';

export interface ScrollViewport {
  top: number;
  height: number;
}

/**
 * Where a scroll box is scrolled to and how tall its rows area is, kept current on scroll and
 * resize: what kit/fixed-row-window.ts turns into the rows to render. `chrome` is the height inside
 * the box that is not rows (a sticky head); a box without layout (jsdom, not laid out yet) reports
 * `fallbackHeight`, so a screenful is rendered rather than nothing. `onChange` runs in the scroll event
 * itself, before React renders: a list asks for the rows it is about to show there, not a frame later.
 */
export function useScrollViewport(box: RefObject<HTMLElement | null>, options: { chrome?: number; fallbackHeight: number; onChange?: (viewport: ScrollViewport) => void }): ScrollViewport {
  const { chrome = 0, fallbackHeight } = options;
  const [viewport, setViewport] = useState<ScrollViewport>({ top: 0, height: fallbackHeight });
  const onChange = useRef(options.onChange);
  useLayoutEffect(() => {
    onChange.current = options.onChange;
  });
  useLayoutEffect(() => {
    const element = box.current;
    if (!element) return;
    const update = () => {
      const next = { top: element.scrollTop, height: element.clientHeight > 0 ? element.clientHeight - chrome : fallbackHeight };
      onChange.current?.(next);
      setViewport(next);
    };
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
