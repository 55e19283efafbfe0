import type { z } from 'zod';
import type { CacheClient } from './cache-client.ts';

/**
 * One kind of document the console keeps as last fetched (a site's page, the attention list), and
 * the one place such documents are parsed back: through the schema of what the renderer is sent,
 * so a document written by an older console that no longer fits counts as none.
 */
export function cachedDocument<Schema extends z.ZodType>(kind: string, schema: Schema) {
  return {
    async read(cache: CacheClient, key: string): Promise<z.output<Schema> | null> {
      const stored = await cache.getDocument(kind, key);
      if (!stored) return null;
      const parsed = schema.safeParse(JSON.parse(stored.json));
      return parsed.success ? parsed.data : null;
    },
    write(cache: CacheClient, key: string, value: z.output<Schema>, asOf: string): Promise<void> {
      return cache.putDocument(kind, key, JSON.stringify(value), asOf);
    },
  };
}
