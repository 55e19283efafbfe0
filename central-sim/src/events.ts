/**
 * The simulator's in-process event bus: fleet and incident changes are published here and the WebSocket hub
 * (ws/hub.ts) forwards them. Only event types the real server emits are modelled: a new incident is never
 * announced (the real server has an `incident_created` handler in its UI but never sends one).
 */
export type FleetEventType = 'appliance_checkin' | 'compliance_drift' | 'incident_resolved' | 'incident_escalated' | 'incident_suppressed';

export interface FleetEvent {
  type: FleetEventType;
  payload: Record<string, unknown>;
  /** Simulator time of the change. */
  atMs: number;
}

export class FleetEvents {
  readonly #listeners = new Set<(event: FleetEvent) => void>();

  /** Returns the unsubscribe function. */
  on(listener: (event: FleetEvent) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  emit(event: FleetEvent): void {
    for (const listener of this.#listeners) listener(event);
  }
}
