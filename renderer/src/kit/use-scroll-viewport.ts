import { useLayoutEffect, useRef, useState, useSyncExternalStore, type RefObject } from 'react';

export interface ScrollViewport {
  top: number;
  height: number;
}

/**
 * The data behind a list whose rows arrive after the scroll that shows them (windows fetched from
 * core): what lets a new viewport wait for its rows instead of being drawn as placeholders first.
 */
export interface ViewportRows {
  /** Every row this viewport would show can be drawn from data now (none would be a placeholder). */
  ready(viewport: ScrollViewport): boolean;
  /** Calls `listener` when the data changed (a window landed or was dropped). */
  subscribe(listener: () => void): () => void;
}

export interface ScrollViewportOptions {
  /** The height inside the box that is not rows (a sticky head). */
  chrome?: number;
  /** What a box without layout (jsdom, not laid out yet) reports, so a screenful is rendered rather than nothing. */
  fallbackHeight: number;
  /** Runs in the scroll event itself, before React renders: a list asks for the rows it is about to show there. */
  onChange?: (viewport: ScrollViewport) => void;
  /**
   * With `rows`, a viewport whose rows are not all held is not drawn until they are, or until `holdMs`
   * has passed (then what is still missing is drawn as placeholders). The returned viewport is also
   * renewed whenever the data changes while nothing waits, so the caller re-renders from it and does
   * not subscribe to the data itself: a jump whose window lands within the hold is one commit of rows.
   */
  rows?: ViewportRows;
  holdMs?: number;
}

/** How long a viewport waits for its rows by default: about three frames. */
const DEFAULT_HOLD_MS = 50;

/** The viewport React draws; a store of its own, so that React renders its changes in the same task. */
function createShownViewport(initial: ScrollViewport) {
  let shown = initial;
  const listeners = new Set<() => void>();
  return {
    get: () => shown,
    show(next: ScrollViewport) {
      shown = next;
      for (const listener of listeners) listener();
    },
    subscribe(listener: () => void) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
  };
}

/**
 * Where a scroll box is scrolled to and how tall its rows area is, kept current on scroll and
 * resize: what kit/fixed-row-window.ts turns into the rows to render. It is read by React through
 * `useSyncExternalStore`, so a change made in a scroll event is rendered before that frame is painted
 * (a state update from a scroll event would wait for a scheduler task after the frame), and a change
 * made when a window lands is rendered in the same commit as that window's rows.
 */
export function useScrollViewport(box: RefObject<HTMLElement | null>, options: ScrollViewportOptions): ScrollViewport {
  const { chrome = 0, fallbackHeight, rows, holdMs = DEFAULT_HOLD_MS } = options;
  const [shown] = useState(() => createShownViewport({ top: 0, height: fallbackHeight }));
  const viewport = useSyncExternalStore(shown.subscribe, shown.get, shown.get);
  const onChange = useRef(options.onChange);
  useLayoutEffect(() => {
    onChange.current = options.onChange;
  });
  useLayoutEffect(() => {
    const element = box.current;
    if (!element) return;
    // The newest viewport that waits for its rows, and the timer that draws it anyway.
    let waiting: ScrollViewport | null = null;
    let timer: ReturnType<typeof setTimeout> | null = null;
    const show = (next: ScrollViewport) => {
      waiting = null;
      if (timer !== null) clearTimeout(timer);
      timer = null;
      shown.show(next);
    };
    const update = () => {
      const next = { top: element.scrollTop, height: element.clientHeight > 0 ? element.clientHeight - chrome : fallbackHeight };
      const ready = !rows || rows.ready(next);
      // Decided before `onChange` asks for the rows: the windows it drops far away are the ones the old
      // viewport shows, and a redraw of it while this one waits would draw them as placeholders.
      waiting = ready ? null : next;
      onChange.current?.(next);
      if (ready) show(next);
      else
        timer ??= setTimeout(() => {
          timer = null;
          if (waiting !== null) show(waiting);
        }, holdMs);
    };
    const dataChanged = () => {
      if (waiting === null) shown.show({ ...shown.get() });
      else if (rows?.ready(waiting)) show(waiting);
    };
    const unsubscribe = rows?.subscribe(dataChanged);
    update();
    element.addEventListener('scroll', update, { passive: true });
    const resize = typeof ResizeObserver === 'function' ? new ResizeObserver(update) : null;
    resize?.observe(element);
    return () => {
      element.removeEventListener('scroll', update);
      resize?.disconnect();
      unsubscribe?.();
      if (timer !== null) clearTimeout(timer);
    };
  }, [box, chrome, fallbackHeight, rows, holdMs, shown]);
  return viewport;
}
