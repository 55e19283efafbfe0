import { memo } from 'react';
import type { FleetSite } from '#shared/fleet/index.ts';
import { formatCount, NO_VALUE } from '../../format/numbers.ts';
import { HealthCell } from './HealthCell.tsx';
import { LiveStatusBadge } from '../../components/LiveStatusBadge.tsx';
import { RelativeTime } from '../../components/RelativeTime.tsx';

interface SiteRowProps {
  site: FleetSite;
  rowIndex: number;
  /** Pixels from the top of the rows area (the virtualizer's position). */
  offset: number;
  now: number;
  /** Opens the site's page (click, or Enter on the focused row). */
  onOpen(siteId: string): void;
}

/** One site. Every server string goes in as text. */
export const SiteRow = memo(function SiteRow({ site, rowIndex, offset, now, onOpen }: SiteRowProps) {
  return (
    <div
      role="row"
      aria-rowindex={rowIndex}
      data-testid="site-row"
      className="sites-row site-row"
      style={{ transform: `translateY(${offset}px)` }}
      tabIndex={0}
      title={`Open ${site.clinicName}`}
      onClick={() => onOpen(site.siteId)}
      onKeyDown={(event) => {
        if (event.key !== 'Enter') return;
        event.preventDefault();
        onOpen(site.siteId);
      }}
    >
      <div role="cell" className="sites-cell site-name" title={`${site.clinicName} · ${site.siteId}`}>
        {site.clinicName}
      </div>
      <div role="cell" className="sites-cell site-org" title={site.orgName ?? undefined}>
        {site.orgName ?? <span className="muted">{NO_VALUE}</span>}
      </div>
      <div role="cell" className="sites-cell">
        <LiveStatusBadge status={site.liveStatus} />
      </div>
      <div role="cell" className="sites-cell">
        <HealthCell score={site.healthOverall} status={site.healthStatus} />
      </div>
      <div role="cell" className="sites-cell sites-cell-numeric">
        <span className={site.onlineCount !== null && site.onlineCount < site.applianceCount ? 'appliances-short' : undefined}>
          {formatCount(site.onlineCount)}
        </span>
        <span className="muted"> / {formatCount(site.applianceCount)}</span>
      </div>
      <div role="cell" className="sites-cell sites-cell-numeric">
        <span className={site.incidents24h ? 'incidents-nonzero' : 'muted'}>{formatCount(site.incidents24h)}</span>
      </div>
      <div role="cell" className="sites-cell">
        {site.lastCheckin ? <RelativeTime iso={site.lastCheckin} now={now} /> : <span className="muted">never</span>}
      </div>
    </div>
  );
});

/** A row whose window is on its way: same height and position, nothing to read yet. */
export function PendingSiteRow({ rowIndex, offset }: { rowIndex: number; offset: number }) {
  return (
    <div role="row" aria-rowindex={rowIndex} aria-busy="true" data-testid="site-row-pending" className="sites-row site-row site-row-pending" style={{ transform: `translateY(${offset}px)` }}>
      <div role="cell" className="sites-cell muted">
        Loading…
      </div>
    </div>
  );
}
