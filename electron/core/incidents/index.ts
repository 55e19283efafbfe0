export { createIncidentHandlers } from './incident-handlers.ts';
export { syncIncidents, fetchIncidentDetail } from './incident-sync.ts';
export { incidentSyncJob } from './incident-sync-job.ts';
export { INCIDENTS_MIGRATION } from './incident-migration.ts';
export { IncidentStore, INCIDENT_OPERATIONS, type IncidentCacheOperations } from './incident-store.ts';
