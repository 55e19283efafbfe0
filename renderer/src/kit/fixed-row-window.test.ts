import { describe, expect, it } from 'vitest';
import { scrollToShow, visibleRows } from './fixed-row-window.ts';

describe('the rows on screen of a fixed-height list', () => {
  it('from the scroll position, with a margin either side, clamped to the list', () => {
    expect(visibleRows({ scrollTop: 0, height: 320, rowHeight: 32, count: 1_000_000, overscan: 5 })).toEqual({ first: 0, last: 15 });
    expect(visibleRows({ scrollTop: 32 * 500_000, height: 320, rowHeight: 32, count: 1_000_000, overscan: 5 })).toEqual({ first: 499_995, last: 500_015 });
    expect(visibleRows({ scrollTop: 32 * 999_995, height: 320, rowHeight: 32, count: 1_000_000, overscan: 5 })).toEqual({ first: 999_990, last: 999_999 });
    expect(visibleRows({ scrollTop: 0, height: 320, rowHeight: 32, count: 3, overscan: 5 })).toEqual({ first: 0, last: 2 });
    expect(visibleRows({ scrollTop: 0, height: 320, rowHeight: 32, count: 0, overscan: 5 })).toBeNull();
  });

  it('scrolls a row into view only when it is out of view, by the least distance', () => {
    expect(scrollToShow({ index: 5, scrollTop: 0, height: 320, rowHeight: 32 })).toBeNull();
    expect(scrollToShow({ index: 10, scrollTop: 0, height: 320, rowHeight: 32 })).toBe(32);
    expect(scrollToShow({ index: 2, scrollTop: 320, height: 320, rowHeight: 32 })).toBe(64);
  });
});
