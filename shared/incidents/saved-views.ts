import { z } from 'zod';
import { SortDirectionSchema } from '../paging/paged-query.ts';
import { INCIDENT_SORT_KEYS } from './query.ts';

/**
 * A saved view: a name for an incident query (the technician's text), its sort and its grouping.
 * Kept per profile on this computer, so it opens offline and survives a restart.
 */
export const SAVED_VIEW_NAME_MAX = 80;
export const SAVED_VIEWS_MAX = 200;
export const GROUP_BY_VALUES = ['site', 'org', 'checkType'] as const;
export const GroupBySchema = z.enum(GROUP_BY_VALUES).nullable();
export type GroupBy = z.infer<typeof GroupBySchema>;

const SavedViewIdSchema = z.string().min(1).max(64);
const SavedViewNameSchema = z
  .string()
  .transform((name) => name.normalize('NFC').trim())
  .pipe(z.string().min(1, 'A saved view needs a name.').max(SAVED_VIEW_NAME_MAX, `A saved view's name is at most ${SAVED_VIEW_NAME_MAX} characters.`));

export const SaveViewInputSchema = z.strictObject({
  /** Present to change that view; absent to save a new one. */
  id: SavedViewIdSchema.optional(),
  name: SavedViewNameSchema,
  search: z.string().max(2000),
  sortBy: z.enum(INCIDENT_SORT_KEYS),
  sortDir: SortDirectionSchema,
  groupBy: GroupBySchema,
});
export type SaveViewInput = z.output<typeof SaveViewInputSchema>;

export const SavedViewSchema = z.strictObject({
  id: SavedViewIdSchema,
  name: z.string(),
  search: z.string(),
  sortBy: z.enum(INCIDENT_SORT_KEYS),
  sortDir: SortDirectionSchema,
  groupBy: GroupBySchema,
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type SavedView = z.infer<typeof SavedViewSchema>;

/** Every saved view of the profile, by name. */
export const SavedViewsSchema = z.strictObject({ views: z.array(SavedViewSchema) });
export type SavedViews = z.infer<typeof SavedViewsSchema>;
export const DeleteViewInputSchema = z.strictObject({ id: SavedViewIdSchema });
