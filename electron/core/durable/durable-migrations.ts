import type { Migration } from '../cache/migrations.ts';
import type { DatabaseSchema } from '../cache/open-database.ts';
import { SAVED_VIEWS_MIGRATION } from '../incidents/saved-view-store.ts';

/** The durable store's own ordered, append-only list: never edit one that has shipped, add the next. */
export const DURABLE_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    description: 'audit log of actions, outbox of actions in flight',
    up(db) {
      db.exec(`
        CREATE TABLE audit_log (
          id INTEGER PRIMARY KEY AUTOINCREMENT,
          at TEXT NOT NULL,
          action TEXT NOT NULL,
          target TEXT,
          outcome TEXT NOT NULL CHECK (outcome IN ('requested', 'succeeded', 'failed')),
          detail TEXT
        );
        CREATE TABLE outbox (
          id TEXT PRIMARY KEY,
          kind TEXT NOT NULL,
          payload TEXT NOT NULL,
          state TEXT NOT NULL CHECK (state IN ('pending', 'done', 'failed')),
          attempts INTEGER NOT NULL DEFAULT 0,
          last_error TEXT,
          created_at TEXT NOT NULL,
          updated_at TEXT NOT NULL
        );
        CREATE INDEX outbox_by_state ON outbox (state, created_at);
      `);
    },
  },
  SAVED_VIEWS_MIGRATION,
];

/** Nothing here can be fetched again, so every commit waits for the disk, and every page is checked before anything is written into it. */
export const DURABLE_SCHEMA: DatabaseSchema = { migrations: DURABLE_MIGRATIONS, synchronous: 'FULL', wholeFileCheck: 'at-open' };
