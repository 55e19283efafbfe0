import { useState } from 'react';
import type { AttentionView } from '#shared/attention/index.ts';
import { formatCount, pluralize } from '../../format/numbers.ts';
import { parseIsoTime } from '../../format/time.ts';
import { useConsoleStores } from '../../stores/use-stores.ts';
import { useAttention } from './use-attention.ts';
import { AsOf } from '../../components/AsOf.tsx';
import { RelativeTime } from '../../components/RelativeTime.tsx';
import { SyncNowButton } from '../../components/SyncNowButton.tsx';

type AttentionItem = AttentionView['items'][number];

const SEVERITY_RANK: Readonly<Record<string, number>> = { critical: 0, warning: 1 };

/** Critical first (then warning, then anything the console does not know), newest first within. */
function sortAttentionItems(items: readonly AttentionItem[]): AttentionItem[] {
  const rank = (item: AttentionItem) => SEVERITY_RANK[item.severity] ?? 2;
  return [...items].sort((a, b) => rank(a) - rank(b) || (parseIsoTime(b.timestamp) ?? -Infinity) - (parseIsoTime(a.timestamp) ?? -Infinity));
}

function attentionSummary(view: AttentionView): string {
  return [
    `${formatCount(view.l3Count)} L3 ${pluralize(view.l3Count, 'escalation')}`,
    `${formatCount(view.repeatCount)} repeat ${pluralize(view.repeatCount, 'failure')}`,
    `${formatCount(view.offlineCount)} offline ${pluralize(view.offlineCount, 'appliance')}`,
  ].join(' · ');
}

function severityTone(severity: string): string {
  return severity === 'critical' || severity === 'warning' ? severity : 'unknown';
}

/** What needs a technician now, across the fleet; each item opens its site. */
export function AttentionPanel({ now }: { now: number }) {
  const stores = useConsoleStores();
  const view = useAttention((s) => s.view);
  const error = useAttention((s) => s.error);
  const loading = useAttention((s) => s.loading);
  const [expanded, setExpanded] = useState(true);

  const items = view ? sortAttentionItems(view.items) : [];

  return (
    <section className="attention" aria-label="Needs attention">
      <div className="attention-head">
        <button type="button" className="attention-toggle" aria-expanded={expanded} aria-controls="attention-items" onClick={() => setExpanded((open) => !open)}>
          <span className="attention-chevron" aria-hidden="true">
            {expanded ? '▾' : '▸'}
          </span>
          Needs attention
        </button>
        <span className="attention-summary" data-testid="attention-summary">
          {view ? attentionSummary(view) : loading ? 'Loading…' : null}
        </span>
        <span className="toolbar-spacer" />
        {error ? (
          <span className="attention-error" title={error.message}>
            {error.message}
          </span>
        ) : null}
        {view ? <AsOf iso={view.asOf} now={now} testId="attention-as-of" /> : null}
        {/* A real sync: its data:changed for the attention kind refetches this list. */}
        <SyncNowButton label="Refresh" />
      </div>
      {expanded ? (
        <ul className="attention-items" id="attention-items">
          {view && items.length === 0 ? <li className="attention-empty muted">Nothing needs attention right now.</li> : null}
          {items.map((item, index) => (
            <li key={`${item.type}:${item.siteId}:${item.incidentId ?? index}`}>
              <button
                type="button"
                className={`attention-item attention-${severityTone(item.severity)}`}
                data-testid="attention-item"
                onClick={() => void stores.site.getState().open(item.siteId)}
              >
                <span className={`severity severity-${severityTone(item.severity)}`}>{item.severity}</span>
                <span className="attention-title">{item.title}</span>
                <span className="attention-clinic">{item.clinicName}</span>
                <span className="attention-detail muted">{item.detail ?? ''}</span>
                <span className="attention-time muted">{item.timestamp ? <RelativeTime iso={item.timestamp} now={now} /> : null}</span>
              </button>
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}
