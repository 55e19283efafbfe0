import type { SyncJobStatus } from '#shared/fleet/index.ts';
import { formatExactLocalTime, formatRelativeTime } from '../format/time.ts';

/** What a job is doing, in the technician's words. */
function describeJob(job: SyncJobStatus, now: number): string {
  switch (job.phase) {
    case 'syncing':
      return 'syncing now';
    case 'paused':
      return 'paused while offline';
    case 'waiting':
      return job.nextRunAt ? `failed ${job.failures} ${job.failures === 1 ? 'time' : 'times'}; next try ${formatRelativeTime(job.nextRunAt, now)}` : 'failed';
    case 'idle':
      return job.lastSyncedAt ? `synced ${formatRelativeTime(job.lastSyncedAt, now)}` : 'not synced yet';
  }
}

/** The status bar's sync details: one line per sync job (the fleet, the attention list, incidents…). */
export function SyncDetails({ jobs, now }: { jobs: readonly SyncJobStatus[]; now: number }) {
  if (jobs.length === 0) return null;
  const failing = jobs.filter((job) => job.error !== null).length;
  return (
    <details className="sync-details" data-testid="sync-details">
      <summary>{failing > 0 ? `Sync details (${failing} failing)` : 'Sync details'}</summary>
      <ul className="sync-details-list" aria-label="Sync jobs">
        {jobs.map((job) => (
          <li key={job.name} className={job.error ? 'sync-job sync-job-failing' : 'sync-job'} data-testid="sync-job" data-phase={job.phase}>
            <span className="sync-job-name">{job.name}</span>{' '}
            <span className="sync-job-state" title={job.lastSyncedAt ? `Last synced ${formatExactLocalTime(job.lastSyncedAt)}` : undefined}>
              {describeJob(job, now)}
            </span>
            {job.error ? <span className="sync-job-error"> — {job.error.message}</span> : null}
          </li>
        ))}
      </ul>
    </details>
  );
}
