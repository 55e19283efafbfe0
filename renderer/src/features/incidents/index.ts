// The incidents feature's public surface in the renderer: the app imports it from here.
export { IncidentsEntry } from './IncidentsEntry.tsx';
export { incidentsFeature } from './incidents-feature.ts';
export { useIncidents } from './use-incidents.ts';
