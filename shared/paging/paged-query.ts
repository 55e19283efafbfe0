import { z } from 'zod';

/**
 * The one shape of a windowed list query across the contract: filters, a sort, search text, a
 * window and a limit in; a window of rows, a total and the next window out. Every list that can
 * grow past a screenful (sites, client orgs, incidents) is asked for this way, so nothing crosses
 * the worker or IPC boundary that the screen is not about to show.
 */
export const PAGE_LIMIT_MAX = 500;
/** Counting matches past this costs more than it tells: the total says "10,000+" instead. */
export const PAGE_COUNT_CAP = 10_000;

/**
 * Where a window starts. An offset is random access (a virtualized list scrolled or dragged to any
 * row asks for that row's window); a cursor continues after the previous window's last row, which an
 * index answers at any depth without counting the rows before it. Cursors are opaque to the renderer.
 */
export const PageWindowSchema = z.union([
  z.strictObject({ offset: z.number().int().nonnegative().max(100_000_000) }),
  z.strictObject({ cursor: z.string().min(1).max(2000) }),
]);
export type PageWindow = z.infer<typeof PageWindowSchema>;
export const FIRST_WINDOW: PageWindow = { offset: 0 };

export const SortDirectionSchema = z.enum(['asc', 'desc']);
export type SortDirection = z.infer<typeof SortDirectionSchema>;

/** A total: exact, or stopped early and marked so (show it as "10,000+"). */
export const CountSchema = z.strictObject({
  count: z.number().int().nonnegative(),
  /** True when counting stopped early (at the cap, or over a very common search's first matches): `count` is a lower bound. */
  capped: z.boolean(),
});
export type Count = z.infer<typeof CountSchema>;

/** A list's query: its own filter object and sort keys, with the common search, window and limit. */
export function pagedQuerySchema<const Filters extends z.ZodType, const SortKey extends string>(options: {
  filters: Filters;
  sortKeys: readonly [SortKey, ...SortKey[]];
  defaultSort: { by: NoInfer<SortKey>; dir: SortDirection };
  defaultLimit?: number;
  searchMaxLength?: number;
}) {
  return z.strictObject({
    filters: options.filters,
    sortBy: z.enum(options.sortKeys).default(options.defaultSort.by),
    sortDir: SortDirectionSchema.default(options.defaultSort.dir),
    search: z.string().max(options.searchMaxLength ?? 2000).default(''),
    window: PageWindowSchema.default(FIRST_WINDOW),
    limit: z.number().int().min(1).max(PAGE_LIMIT_MAX).default(options.defaultLimit ?? 100),
  });
}

/** A window of rows: where it starts (`offset`, the row number of `rows[0]`), the total, and where the next one starts (null at the end). */
export function pageResultSchema<const Row extends z.ZodType>(row: Row) {
  return z.strictObject({
    rows: z.array(row),
    offset: z.number().int().nonnegative(),
    total: CountSchema,
    nextWindow: PageWindowSchema.nullable(),
  });
}
