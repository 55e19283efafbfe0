import { useId } from 'react';
import { AppliancesTable } from './AppliancesTable.tsx';
import { AsOf } from '../../components/AsOf.tsx';
import { ClinicClock } from './ClinicClock.tsx';
import { ComplianceHealth } from './CompliancePanel.tsx';
import { ConsoleHeader } from '../../components/ConsoleHeader.tsx';
import { LiveStatusBadge } from '../../components/LiveStatusBadge.tsx';
import { StatusBar } from '../../components/StatusBar.tsx';
import { useNow } from '../../hooks/use-now.ts';
import { useReviewRefusal } from '../../hooks/use-review-refusal.ts';
import { ReviewRefusalNote } from '../../components/ReviewRefusalNote.tsx';
import { useConsoleStores } from '../../stores/use-stores.ts';
import { useFleetSites } from '../fleet/index.ts';
import { useSite } from './use-site.ts';
import { InlineError } from '../../components/InlineError.tsx';

/** One site: its appliances and compliance health, from core's cached copy while it refreshes. */
export function SitePage({ siteId }: { siteId: string }) {
  const stores = useConsoleStores();
  const now = useNow();
  const view = useSite((s) => s.view);
  const requestError = useSite((s) => s.requestError);
  const refreshPending = useSite((s) => s.refreshPending);
  // Until core answers, the fleet row the technician clicked names the page.
  const fleetSite = useFleetSites((s) => {
    const index = s.indexOfKey(siteId);
    return index === undefined ? null : (s.rowAt(index) ?? null);
  });

  const site = stores.site.getState;
  const refreshRefusal = useReviewRefusal('site:refresh');
  const refreshNoteId = useId();
  const refreshing = refreshPending || (view?.refreshing ?? false);
  const clinicName = view?.clinicName ?? fleetSite?.clinicName ?? siteId;
  const orgName = view ? view.orgName : (fleetSite?.orgName ?? null);
  const liveStatus = view ? view.liveStatus : (fleetSite?.liveStatus ?? null);
  const tier = view ? view.tier : (fleetSite?.tier ?? null);
  const errorMessage = view?.error?.message ?? requestError?.message ?? null;
  const asOf = view?.asOf ?? null;

  return (
    <div className="console-shell">
      <ConsoleHeader />
      <main className="site-page">
        <div className="site-header">
          <button type="button" className="button-secondary button-small" onClick={() => site().close()}>
            ← Back to fleet
          </button>
          <div className="site-heading">
            <h1 className="site-title" title={siteId}>
              {clinicName}
            </h1>
            <div className="site-meta">
              {orgName ? <span className="site-org-name">{orgName}</span> : <span className="muted">No client org</span>}
              {liveStatus ? <LiveStatusBadge status={liveStatus} /> : null}
              {tier ? <span className="site-tier">Tier: {tier}</span> : null}
              {view ? <ClinicClock zone={view.clinicTimeZone} now={now} /> : null}
            </div>
          </div>
          <span className="toolbar-spacer" />
          {refreshing ? (
            <span className="site-refreshing" role="status">
              <span className="spinner" aria-hidden="true" />
              Refreshing…
            </span>
          ) : null}
          <ReviewRefusalNote id={refreshNoteId} text={refreshRefusal} />
          <button
            type="button"
            className="button-secondary button-small"
            disabled={refreshing || refreshRefusal !== null}
            title={refreshRefusal ?? 'Fetch this site again from Central Command'}
            aria-describedby={refreshRefusal ? refreshNoteId : undefined}
            onClick={() => void site().refresh()}
          >
            Refresh
          </button>
        </div>

        <InlineError message={errorMessage} />

        {view === null ? (
          requestError ? null : (
            <p className="site-loading" role="status">
              <span className="spinner" aria-hidden="true" />
              Loading the site…
            </p>
          )
        ) : (
          <div className="site-panels">
            <section className="panel" aria-labelledby="appliances-heading">
              <div className="panel-head">
                <h2 id="appliances-heading" className="panel-title">
                  Appliances <span className="muted">({view.appliances.length})</span>
                </h2>
                <AsOf iso={asOf} now={now} testId="site-as-of" clinicZone={view.clinicTimeZone} />
              </div>
              <div className="panel-scroll">
                <AppliancesTable appliances={view.appliances} now={now} clinicZone={view.clinicTimeZone} />
              </div>
            </section>
            <section className="panel" aria-labelledby="compliance-heading">
              <div className="panel-head">
                <h2 id="compliance-heading" className="panel-title">
                  Compliance health
                </h2>
                <AsOf iso={asOf} now={now} testId="site-as-of" clinicZone={view.clinicTimeZone} />
              </div>
              <ComplianceHealth compliance={view.compliance} />
            </section>
          </div>
        )}
      </main>
      <StatusBar now={now} />
    </div>
  );
}
