import { RelativeTime } from '../../components/RelativeTime.tsx';
import { useConsoleStores } from '../../stores/use-stores.ts';
import { DriftView } from './DriftView.tsx';
import { RemediationTimeline } from './RemediationTimeline.tsx';
import { SeverityBadge, StateBadge, TierBadge } from './badges.tsx';
import { useIncidents } from './use-incidents.ts';
import { InlineError } from '../../components/InlineError.tsx';

/** The open incident: what it is, where, what was tried, the drift behind it, and when the server last confirmed it. */
export function IncidentDetailPane({ now }: { now: number }) {
  const stores = useConsoleStores();
  const incidentId = useIncidents((s) => s.route.incidentId);
  const detail = useIncidents((s) => s.detail);
  const missing = useIncidents((s) => s.detailMissing);
  const error = useIncidents((s) => s.detailError);
  if (incidentId === null) return null;
  const close = () => stores.incidents.getState().closeIncident();
  const openSite = (siteId: string) => void stores.site.getState().open(siteId);

  return (
    <aside className="incident-detail" aria-label="Incident detail" data-testid="incident-detail">
      <div className="incident-detail-head">
        <h2 className="incident-detail-title">{detail ? detail.incident.checkType : 'Incident'}</h2>
        <button type="button" className="button-secondary button-small" onClick={close} title="Close (Esc)">
          Close
        </button>
      </div>
      <InlineError message={error?.message} />
      {missing ? <p className="muted">This incident is not in the local cache (it may have been purged by the retention setting).</p> : null}
      {!detail && !missing && !error ? (
        <p className="muted" role="status">
          Opening the incident…
        </p>
      ) : null}
      {detail ? (
        <div className="incident-detail-body">
          <div className="incident-badges">
            <SeverityBadge severity={detail.incident.severity} />
            <StateBadge resolved={detail.incident.resolved} />
            <TierBadge level={detail.incident.level} />
          </div>
          <p className="incident-confirmed" data-testid="incident-confirmed" data-fetched-at={detail.fetchedAt}>
            Confirmed by the server <RelativeTime iso={detail.fetchedAt} now={now} />
          </p>
          <dl className="incident-facts">
            <dt>Site</dt>
            <dd>
              <button type="button" className="link-button" onClick={() => openSite(detail.incident.siteId)} data-testid="incident-site-link">
                {detail.incident.siteName ?? detail.incident.siteId}
              </button>
            </dd>
            <dt>Appliance</dt>
            <dd>
              {detail.applianceId ? (
                <button type="button" className="link-button" onClick={() => openSite(detail.incident.siteId)} title="The appliance is listed on its site's page" data-testid="incident-appliance-link">
                  {detail.applianceId}
                </button>
              ) : (
                <span className="muted">not reported</span>
              )}
            </dd>
            <dt>Host</dt>
            <dd>{detail.incident.hostname ?? <span className="muted">unknown</span>}</dd>
            <dt>Reported</dt>
            <dd>
              <RelativeTime iso={detail.incident.createdAt} now={now} />
            </dd>
            <dt>Resolved</dt>
            <dd>{detail.incident.resolvedAt ? <RelativeTime iso={detail.incident.resolvedAt} now={now} /> : <span className="muted">not yet</span>}</dd>
            <dt>HIPAA controls</dt>
            <dd>{detail.incident.hipaaControls.length > 0 ? detail.incident.hipaaControls.join(', ') : <span className="muted">none</span>}</dd>
            <dt>Attempts</dt>
            <dd>
              {detail.incident.remediationAttempts.toLocaleString()}
              {detail.incident.remediationExhausted ? <span className="exhausted"> — automatic remediation exhausted</span> : null}
            </dd>
            <dt>Incident id</dt>
            <dd className="mono">{detail.incident.id}</dd>
          </dl>
          <RemediationTimeline timelineJson={detail.timelineJson} now={now} />
          <DriftView driftJson={detail.driftJson} driftTruncated={detail.driftTruncated} driftBytes={detail.driftBytes} />
        </div>
      ) : null}
    </aside>
  );
}
