import { observeElementRect, type Rect, type Virtualizer } from '@tanstack/react-virtual';

/**
 * A viewport for when the scroll element reports no size: a page without layout (jsdom in tests)
 * or one not laid out yet. Rendering a screenful then beats rendering nothing at all.
 */
export const FALLBACK_VIEWPORT: Rect = { width: 1280, height: 640 };

export function observeRectWithFallback<S extends Element, I extends Element>(
  instance: Virtualizer<S, I>,
  callback: (rect: Rect) => void,
): void | (() => void) {
  return observeElementRect(instance, (rect) => callback(rect.height > 0 ? rect : FALLBACK_VIEWPORT));
}
