// The fleet feature's public surface in the renderer: the app and other features import it from here.
export { FleetView } from './FleetView.tsx';
export { fleetFeature } from './fleet-feature.ts';
export { useFleet, useFleetSites, useOrgs } from './use-fleet.ts';
export { FALLBACK_VIEWPORT } from './virtual-rect.ts';
