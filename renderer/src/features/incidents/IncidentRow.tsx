import { memo } from 'react';
import { RelativeTime } from '../../components/RelativeTime.tsx';
import type { IncidentSortKey } from './incident-list-query.ts';
import type { IncidentRow } from './incidents-store.ts';
import { SeverityBadge, StateBadge, TierBadge } from './badges.tsx';

export interface IncidentColumn {
  id: string;
  label: string;
  sortKey?: IncidentSortKey;
}

export const INCIDENT_COLUMNS: readonly IncidentColumn[] = [
  { id: 'time', label: 'Time', sortKey: 'createdAt' },
  { id: 'site', label: 'Site', sortKey: 'siteId' },
  { id: 'host', label: 'Host' },
  { id: 'check', label: 'Check type', sortKey: 'checkType' },
  { id: 'severity', label: 'Severity', sortKey: 'severity' },
  { id: 'tier', label: 'Tier' },
  { id: 'state', label: 'State' },
  { id: 'controls', label: 'HIPAA controls' },
];

interface IncidentRowProps {
  row: IncidentRow;
  rowIndex: number;
  offset: number;
  now: number;
  focused: boolean;
  selected: boolean;
  open: boolean;
  onOpen(incidentId: string): void;
  onFocus(incidentId: string): void;
}

/** One incident; the host falls back to the site's name when the appliance did not report one. */
export const IncidentRowView = memo(function IncidentRowView({ row, rowIndex, offset, now, focused, selected, open, onOpen, onFocus }: IncidentRowProps) {
  const site = row.siteName ?? row.siteId;
  const className = ['incident-row', focused ? 'incident-row-focused' : '', selected ? 'incident-row-selected' : '', open ? 'incident-row-open' : ''].filter(Boolean).join(' ');
  return (
    <div
      role="row"
      aria-rowindex={rowIndex}
      aria-selected={selected}
      aria-current={focused ? 'true' : undefined}
      className={className}
      style={{ transform: `translateY(${offset}px)` }}
      data-testid="incident-row"
      data-incident-id={row.id}
      onClick={() => {
        onFocus(row.id);
        onOpen(row.id);
      }}
    >
      <div role="cell" className="incident-cell incident-cell-time">
        <span className="row-mark" aria-hidden="true">{selected ? '✓' : ''}</span>
        <RelativeTime iso={row.createdAt} now={now} />
      </div>
      <div role="cell" className="incident-cell incident-cell-site" title={site}>
        {site}
      </div>
      <div role="cell" className={row.hostname ? 'incident-cell incident-cell-host' : 'incident-cell incident-cell-host muted'} title={row.hostname ?? `${site} (no hostname reported)`}>
        {row.hostname ?? site}
      </div>
      <div role="cell" className="incident-cell incident-cell-check" title={row.checkType}>
        {row.checkType}
      </div>
      <div role="cell" className="incident-cell incident-cell-severity">
        <SeverityBadge severity={row.severity} />
      </div>
      <div role="cell" className="incident-cell incident-cell-tier">
        <TierBadge level={row.level} />
      </div>
      <div role="cell" className="incident-cell incident-cell-state">
        <StateBadge resolved={row.resolved} />
      </div>
      <div role="cell" className="incident-cell incident-cell-controls" title={row.hipaaControls.join(', ')}>
        {row.hipaaControls.join(', ')}
      </div>
    </div>
  );
});

export function IncidentRowPlaceholder({ rowIndex, offset }: { rowIndex: number; offset: number }) {
  return (
    <div role="row" aria-rowindex={rowIndex} aria-busy="true" className="incident-row incident-row-placeholder" style={{ transform: `translateY(${offset}px)` }}>
      <div role="cell" className="incident-cell">
        <span className="placeholder-bar" />
      </div>
    </div>
  );
}
