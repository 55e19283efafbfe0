import type { Migration } from './migrations.ts';

/** A migration that (re)makes one index: dropped first, so a cache rolled back by hand takes it again. */
export function indexMigration(version: number, description: string, name: string, definition: string): Migration {
  return {
    version,
    description,
    up(db) {
      db.exec(`DROP INDEX IF EXISTS ${name}; CREATE INDEX ${name} ON ${definition};`);
    },
  };
}
