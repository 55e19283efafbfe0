// The fleet feature's public surface in core: the composition root and other features import it from here.
export { createFleetFeature } from './fleet-handlers.ts';
export { syncFleet, type FleetSyncResult } from './fleet-sync.ts';
