import type { SavedViewOperations } from '../incidents/saved-view-store.ts';

/**
 * What the durable store keeps: what the technician did (the audit log) and what is still on its
 * way to Central Command (the outbox). The worker runs these synchronously; the client offers them
 * as promises.
 */
export interface DurableOperations extends SavedViewOperations {
  appendAudit(entry: NewAuditEntry): AuditEntry;
  /** Newest first; `beforeId` pages further back. */
  listAudit(query?: { limit?: number; beforeId?: number }): AuditEntry[];
  /** Idempotent by id: enqueuing an id that is already there returns the stored item unchanged. */
  enqueueOutbox(item: NewOutboxItem): OutboxItem;
  markOutboxDone(id: string): OutboxItem;
  /** Counts an attempt; `final` gives the item up (state failed), otherwise it stays pending. */
  markOutboxFailed(id: string, reason: string, final: boolean): OutboxItem;
  /** Oldest first. */
  listOutbox(query?: { state?: OutboxState }): OutboxItem[];
}

export type AuditOutcome = 'requested' | 'succeeded' | 'failed';

export interface NewAuditEntry {
  action: string;
  target: string | null;
  outcome: AuditOutcome;
  detail?: string | null;
  /** ISO time; now by default. */
  at?: string;
}

export interface AuditEntry {
  id: number;
  at: string;
  action: string;
  target: string | null;
  outcome: AuditOutcome;
  detail: string | null;
}

export type OutboxState = 'pending' | 'done' | 'failed';

export interface NewOutboxItem {
  /** Chosen by the caller (a UUID), so a retried enqueue cannot queue an action twice. */
  id: string;
  kind: string;
  /** Anything JSON can hold. */
  payload: unknown;
}

export interface OutboxItem {
  id: string;
  kind: string;
  payload: unknown;
  state: OutboxState;
  attempts: number;
  lastError: string | null;
  createdAt: string;
  updatedAt: string;
}

export type DurableOperationName = keyof DurableOperations;

// A record rather than a list so the compiler insists on every operation of the interface, once.
const OPERATIONS: Record<DurableOperationName, true> = {
  appendAudit: true,
  listAudit: true,
  enqueueOutbox: true,
  markOutboxDone: true,
  markOutboxFailed: true,
  listOutbox: true,
  listSavedViews: true,
  saveView: true,
  deleteView: true,
};
export const DURABLE_OPERATION_NAMES = Object.keys(OPERATIONS) as DurableOperationName[];
