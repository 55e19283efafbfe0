import type { FleetEvent } from '../events.ts';
import { pythonIsoformat } from '../timestamps.ts';
import type { IncidentRows } from './rows.ts';
import { STATUS, TIER, type IncidentStore } from './store.ts';

const SUPPRESSION_MS = 24 * 3_600_000;

export const INCIDENT_CHANGES = ['resolve', 'escalate', 'suppress', 'auto-heal'] as const;
export type IncidentChange = (typeof INCIDENT_CHANGES)[number];

/**
 * One change to an incident, as the real server makes it, with the WebSocket event it broadcasts:
 * - resolve: a technician resolves it (tier `manual`), `incident_resolved {incident_id}`;
 * - escalate: tier L3 and a new escalation ticket, `incident_escalated {incident_id, ticket_id}`;
 * - suppress: a 24 h compliance exception for its check type and host — the incident itself is unchanged,
 *   `incident_suppressed {incident_id, check_type, hostname, expires_at}`;
 * - auto-heal: the appliance's L1/L2 remediation succeeds; nothing is broadcast (only console actions are).
 * Returns the refusal text instead when the real server answers 400 (resolving or escalating a resolved incident).
 */
export function applyIncidentChange(store: IncidentStore, rows: IncidentRows, row: number, change: IncidentChange, nowMs: number): { event: FleetEvent | null } | { refused: string } {
  const resolved = store.statusOf(row) === STATUS.resolved;
  const id = store.ids.encode(row);
  switch (change) {
    case 'resolve':
      if (resolved) return { refused: 'Incident already resolved' };
      store.resolve(row, nowMs, TIER.manual);
      return { event: { type: 'incident_resolved', payload: { incident_id: id }, atMs: nowMs } };
    case 'escalate': {
      if (resolved) return { refused: 'Incident already resolved' };
      const ticketId = store.escalate(row);
      return { event: { type: 'incident_escalated', payload: { incident_id: id, ticket_id: ticketId }, atMs: nowMs } };
    }
    case 'suppress': {
      const record = store.record(row);
      const payload = { incident_id: id, check_type: rows.checkType(record), hostname: rows.hostname(record), expires_at: pythonIsoformat(nowMs + SUPPRESSION_MS) };
      return { event: { type: 'incident_suppressed', payload, atMs: nowMs } };
    }
    case 'auto-heal': {
      if (resolved) return { refused: 'Incident already resolved' };
      const tier = store.tierOf(row);
      store.resolve(row, nowMs, tier === TIER.L1 || tier === TIER.L2 ? tier : TIER.L1);
      return { event: null };
    }
  }
}
