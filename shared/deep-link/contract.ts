import { z } from 'zod';
import { resourceIdSchema } from '../api/resource-id.ts';

/**
 * What a `central-console://` link asks for: a site's page, or an incident on a site's page. Only
 * navigation: the shell holds a link while the console is locked or signed out, and the renderer
 * opens the page, never acting on it.
 */
export const DeepLinkSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('site'), siteId: resourceIdSchema('site') }),
  z.strictObject({ kind: z.literal('incident'), siteId: resourceIdSchema('site'), incidentId: resourceIdSchema('incident') }),
]);
export type DeepLink = z.infer<typeof DeepLinkSchema>;

export const deepLinkEvents = {
  /** The technician followed a central-console:// link; sent only while signed in. */
  'deepLink:open': DeepLinkSchema,
} as const;
