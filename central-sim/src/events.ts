/**
 * The simulator's in-process event bus: fleet changes are published here and the WebSocket hub (ws/hub.ts)
 * forwards them. Only the two event types the fleet simulation produces are modelled.
 */
export type FleetEventType = 'appliance_checkin' | 'compliance_drift';

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
