import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { PAGE_LIMIT_MAX, pagedQuerySchema, pageResultSchema } from './paged-query.ts';

const Query = pagedQuerySchema({
  filters: z.strictObject({ status: z.enum(['open', 'closed']).nullable().default(null) }).prefault({}),
  sortKeys: ['name', 'createdAt'],
  defaultSort: { by: 'name', dir: 'asc' },
});

describe('the paged query shape', () => {
  it('fills every default from an empty query: the first window of the default sort', () => {
    expect(Query.parse({ filters: {} })).toEqual({ filters: { status: null }, sortBy: 'name', sortDir: 'asc', search: '', window: { offset: 0 }, limit: 100 });
  });

  it('takes an offset or an opaque cursor as the window, nothing else', () => {
    expect(Query.parse({ filters: {}, window: { cursor: 'abc' } }).window).toEqual({ cursor: 'abc' });
    expect(Query.parse({ filters: {}, window: { offset: 300 } }).window).toEqual({ offset: 300 });
    expect(Query.safeParse({ filters: {}, window: { offset: -1 } }).success).toBe(false);
    expect(Query.safeParse({ filters: {}, window: { offset: 1, cursor: 'x' } }).success).toBe(false);
    expect(Query.safeParse({ filters: {}, window: { cursor: '' } }).success).toBe(false);
  });

  it(`refuses a limit over ${PAGE_LIMIT_MAX}, an unknown sort key and an unknown field`, () => {
    expect(Query.safeParse({ filters: {}, limit: PAGE_LIMIT_MAX + 1 }).success).toBe(false);
    expect(Query.safeParse({ filters: {}, sortBy: 'secret' }).success).toBe(false);
    expect(Query.safeParse({ filters: {}, everything: true }).success).toBe(false);
  });

  it('answers a window with its offset, a total that may be capped, and the next window', () => {
    const Result = pageResultSchema(z.strictObject({ id: z.string() }));
    const page = { rows: [{ id: 'a' }], offset: 0, total: { count: 10_000, capped: true }, nextWindow: { cursor: 'k1' } };
    expect(Result.parse(page)).toEqual(page);
    expect(Result.safeParse({ ...page, rows: [{ id: 'a', token: 't' }] }).success).toBe(false);
  });
});
