import type Database from 'better-sqlite3-multiple-ciphers';
import { ConsoleError } from '#shared/errors.ts';
import type { SavedViewOperations } from '../incidents/saved-view-store.ts';
import type { AuditEntry, DurableOperations, NewAuditEntry, NewOutboxItem, OutboxItem, OutboxState } from './durable-operations.ts';

type Connection = Database.Database;

interface OutboxRow {
  id: string;
  kind: string;
  payload: string;
  state: OutboxState;
  attempts: number;
  last_error: string | null;
  created_at: string;
  updated_at: string;
}

const MAX_AUDIT_PAGE = 500;

/** The durable store's queries, run inside its worker. Every write is one statement or one transaction. */
/** The audit log and the outbox; saved views have their own owner (incidents/saved-view-store.ts). */
export class DurableStore implements Omit<DurableOperations, keyof SavedViewOperations> {
  readonly #db: Connection;
  readonly #now: () => string;

  constructor(db: Connection, now: () => string = () => new Date().toISOString()) {
    this.#db = db;
    this.#now = now;
  }

  appendAudit(entry: NewAuditEntry): AuditEntry {
    const at = entry.at ?? this.#now();
    const detail = entry.detail ?? null;
    const { lastInsertRowid } = this.#db
      .prepare('INSERT INTO audit_log (at, action, target, outcome, detail) VALUES (?, ?, ?, ?, ?)')
      .run(at, entry.action, entry.target, entry.outcome, detail);
    return { id: Number(lastInsertRowid), at, action: entry.action, target: entry.target, outcome: entry.outcome, detail };
  }

  listAudit({ limit = 100, beforeId }: { limit?: number; beforeId?: number } = {}): AuditEntry[] {
    const bounded = Math.max(1, Math.min(MAX_AUDIT_PAGE, Math.trunc(limit)));
    return this.#db
      .prepare('SELECT id, at, action, target, outcome, detail FROM audit_log WHERE id < ? ORDER BY id DESC LIMIT ?')
      .all(beforeId ?? Number.MAX_SAFE_INTEGER, bounded) as AuditEntry[];
  }

  enqueueOutbox(item: NewOutboxItem): OutboxItem {
    const now = this.#now();
    this.#db
      .prepare(`INSERT INTO outbox (id, kind, payload, state, created_at, updated_at) VALUES (?, ?, ?, 'pending', ?, ?) ON CONFLICT (id) DO NOTHING`)
      .run(item.id, item.kind, JSON.stringify(item.payload), now, now);
    return this.#outboxItem(item.id);
  }

  markOutboxDone(id: string): OutboxItem {
    this.#update(id, `UPDATE outbox SET state = 'done', updated_at = ? WHERE id = ?`, [this.#now(), id]);
    return this.#outboxItem(id);
  }

  markOutboxFailed(id: string, reason: string, final: boolean): OutboxItem {
    this.#update(id, `UPDATE outbox SET state = ?, attempts = attempts + 1, last_error = ?, updated_at = ? WHERE id = ?`, [final ? 'failed' : 'pending', reason, this.#now(), id]);
    return this.#outboxItem(id);
  }

  listOutbox({ state }: { state?: OutboxState } = {}): OutboxItem[] {
    const rows = (
      state === undefined
        ? this.#db.prepare('SELECT * FROM outbox ORDER BY created_at, rowid').all()
        : this.#db.prepare('SELECT * FROM outbox WHERE state = ? ORDER BY created_at, rowid').all(state)
    ) as OutboxRow[];
    return rows.map(fromRow);
  }

  #update(id: string, sql: string, parameters: unknown[]): void {
    if (this.#db.prepare(sql).run(...parameters).changes === 0) throw unknownItem(id);
  }

  #outboxItem(id: string): OutboxItem {
    const row = this.#db.prepare('SELECT * FROM outbox WHERE id = ?').get(id) as OutboxRow | undefined;
    if (!row) throw unknownItem(id);
    return fromRow(row);
  }
}

function unknownItem(id: string): ConsoleError {
  return new ConsoleError('not-found', 'That action is no longer in the outbox on this computer.', { id });
}

function fromRow(row: OutboxRow): OutboxItem {
  return {
    id: row.id,
    kind: row.kind,
    payload: JSON.parse(row.payload) as unknown,
    state: row.state,
    attempts: row.attempts,
    lastError: row.last_error,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
