/**
 * Which rows of a fixed-height list are on screen, from the scroll position alone. Every row is the
 * same height, so nothing is measured or kept per row: the cost is the same for a thousand rows or
 * a million (a general virtualizer keeps an entry per row, which at a million is megabytes of heap).
 */
export interface RowRange {
  first: number;
  last: number;
}

export function visibleRows(options: { scrollTop: number; height: number; rowHeight: number; count: number; overscan: number }): RowRange | null {
  const { scrollTop, height, rowHeight, count, overscan } = options;
  if (count <= 0) return null;
  const top = Math.max(0, scrollTop);
  const first = Math.min(count - 1, Math.max(0, Math.floor(top / rowHeight) - overscan));
  const last = Math.min(count - 1, Math.ceil((top + Math.max(0, height)) / rowHeight) + overscan);
  return { first, last };
}

/** The scroll position that brings a row into view with the least movement, or null when it is in view already. */
export function scrollToShow(options: { index: number; scrollTop: number; height: number; rowHeight: number }): number | null {
  const { index, scrollTop, height, rowHeight } = options;
  const rowTop = index * rowHeight;
  if (rowTop < scrollTop) return rowTop;
  if (rowTop + rowHeight > scrollTop + height) return rowTop + rowHeight - height;
  return null;
}
