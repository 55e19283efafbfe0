import { randomUUID } from 'node:crypto';
import type Database from 'better-sqlite3-multiple-ciphers';
import { ConsoleError } from '#shared/errors.ts';
import { SAVED_VIEWS_MAX, SaveViewInputSchema, type SavedView, type SaveViewInput } from '#shared/incidents/index.ts';
import type { Migration } from '../cache/migrations.ts';

type Connection = Database.Database;

/**
 * Saved views live in the profile's durable store, not the cache: the technician made them and no
 * server can give them back, while the cache is moved aside and rebuilt whenever it cannot be read.
 * The durable store is encrypted with its own key, per profile, and opens offline as the cache does.
 */
export interface SavedViewOperations {
  /** Every saved view, by name. */
  listSavedViews(): SavedView[];
  saveView(input: SaveViewInput): SavedView[];
  deleteView(id: string): SavedView[];
}

export const SAVED_VIEWS_MIGRATION: Migration = {
  version: 2,
  description: 'saved incident views: a name for a query, its sort and grouping',
  up(db) {
    db.exec(`
      CREATE TABLE saved_views (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL COLLATE NOCASE UNIQUE,
        search TEXT NOT NULL,
        sort_by TEXT NOT NULL,
        sort_dir TEXT NOT NULL,
        group_by TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
    `);
  },
};

interface SavedViewRow {
  id: string;
  name: string;
  search: string;
  sort_by: SavedView['sortBy'];
  sort_dir: SavedView['sortDir'];
  group_by: SavedView['groupBy'];
  created_at: string;
  updated_at: string;
}

export class SavedViewStore implements SavedViewOperations {
  readonly #db: Connection;
  readonly #now: () => string;

  constructor(db: Connection, now: () => string = () => new Date().toISOString()) {
    this.#db = db;
    this.#now = now;
  }

  listSavedViews(): SavedView[] {
    return this.#db.prepare<[], SavedViewRow>('SELECT * FROM saved_views ORDER BY name, id').all().map(fromRow);
  }

  saveView(input: SaveViewInput): SavedView[] {
    // The worker is its own boundary: what reaches it is checked again, so a caller's slip cannot store a bad view.
    const view = SaveViewInputSchema.parse(input);
    const now = this.#now();
    this.#db
      .transaction(() => {
        const clash = this.#db
          .prepare<[string, string], { id: string }>('SELECT id FROM saved_views WHERE name = ? AND id <> ?')
          .get(view.name, view.id ?? '');
        if (clash) throw new ConsoleError('conflict', `A saved view named "${view.name}" already exists. Choose another name, or open that view and save it.`, { id: clash.id });
        if (view.id === undefined) {
          const count = this.#db.prepare<[], number>('SELECT count(*) FROM saved_views').pluck().get() ?? 0;
          if (count >= SAVED_VIEWS_MAX) throw new ConsoleError('invalid-input', `This computer keeps at most ${SAVED_VIEWS_MAX} saved views. Delete one you no longer use first.`);
          this.#db
            .prepare('INSERT INTO saved_views (id, name, search, sort_by, sort_dir, group_by, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
            .run(randomUUID(), view.name, view.search, view.sortBy, view.sortDir, view.groupBy, now, now);
          return;
        }
        const changed = this.#db
          .prepare('UPDATE saved_views SET name = ?, search = ?, sort_by = ?, sort_dir = ?, group_by = ?, updated_at = ? WHERE id = ?')
          .run(view.name, view.search, view.sortBy, view.sortDir, view.groupBy, now, view.id).changes;
        if (changed === 0) throw missingView(view.id);
      })
      .immediate();
    return this.listSavedViews();
  }

  deleteView(id: string): SavedView[] {
    if (this.#db.prepare('DELETE FROM saved_views WHERE id = ?').run(id).changes === 0) throw missingView(id);
    return this.listSavedViews();
  }
}

function missingView(id: string): ConsoleError {
  return new ConsoleError('not-found', 'That saved view no longer exists on this computer. It may have been deleted in another window; the list shows the views that remain.', { id: id.slice(0, 64) });
}

function fromRow(row: SavedViewRow): SavedView {
  return {
    id: row.id,
    name: row.name,
    search: row.search,
    sortBy: row.sort_by,
    sortDir: row.sort_dir,
    groupBy: row.group_by,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
