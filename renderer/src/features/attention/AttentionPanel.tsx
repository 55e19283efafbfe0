import { useMemo, useRef, useState } from 'react';
import type { AttentionView } from '#shared/attention/index.ts';
import { formatCount, pluralize } from '../../format/numbers.ts';
import { parseIsoTime } from '../../format/time.ts';
import { useConsoleStores } from '../../stores/use-stores.ts';
import { useAttention } from './use-attention.ts';
import { AsOf } from '../../components/AsOf.tsx';
import { RelativeTime } from '../../components/RelativeTime.tsx';
import { SyncNowButton } from '../../components/SyncNowButton.tsx';
import { visibleRows } from '../../kit/fixed-row-window.ts';
import { useScrollViewport } from '../../kit/use-scroll-viewport.ts';

type AttentionItem = AttentionView['items'][number];

/** Kept in step with --attention-row-height and the list's max-height in styles/site.css. */
const ATTENTION_ROW_HEIGHT = 28;
const ATTENTION_LIST_HEIGHT = 150;

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

  // Sorted once per answer, not on every tick of the clock.
  const items = useMemo(() => (view ? sortAttentionItems(view.items) : []), [view]);

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
      {expanded ? <AttentionList items={items} empty={view !== null && items.length === 0} now={now} onOpen={(siteId) => void stores.site.getState().open(siteId)} /> : null}
    </section>
  );
}

interface AttentionListProps {
  items: readonly AttentionItem[];
  empty: boolean;
  now: number;
  onOpen(siteId: string): void;
}

/**
 * The items, in a box of fixed-height rows of which only those on screen (plus a margin) are
 * rendered: a large fleet has tens of thousands of items, and rendering each one kept every one
 * of their DOM nodes and React fibers alive (hundreds of MiB at 30,000 sites).
 */
function AttentionList({ items, empty, now, onOpen }: AttentionListProps) {
  const scrollBox = useRef<HTMLDivElement>(null);
  const viewport = useScrollViewport(scrollBox, { fallbackHeight: ATTENTION_LIST_HEIGHT });
  const range = visibleRows({ scrollTop: viewport.top, height: viewport.height, rowHeight: ATTENTION_ROW_HEIGHT, count: items.length, overscan: 6 });
  const shown: number[] = [];
  for (let index = range?.first ?? 0; index <= (range?.last ?? -1); index++) shown.push(index);

  return (
    <div ref={scrollBox} className="attention-items" id="attention-items">
      <ul className="attention-list" style={items.length > 0 ? { height: items.length * ATTENTION_ROW_HEIGHT } : undefined}>
        {empty ? <li className="attention-empty muted">Nothing needs attention right now.</li> : null}
        {shown.map((index) => {
          const item = items[index]!;
          return (
            <li
              key={`${item.type}:${item.siteId}:${item.incidentId ?? index}`}
              className="attention-row"
              aria-setsize={items.length}
              aria-posinset={index + 1}
              style={{ transform: `translateY(${index * ATTENTION_ROW_HEIGHT}px)` }}
            >
              <button type="button" className={`attention-item attention-${severityTone(item.severity)}`} data-testid="attention-item" onClick={() => onOpen(item.siteId)}>
                <span className={`severity severity-${severityTone(item.severity)}`}>{item.severity}</span>
                <span className="attention-title">{item.title}</span>
                <span className="attention-clinic">{item.clinicName}</span>
                <span className="attention-detail muted">{item.detail ?? ''}</span>
                <span className="attention-time muted">{item.timestamp ? <RelativeTime iso={item.timestamp} now={now} /> : null}</span>
              </button>
            </li>
          );
        })}
      </ul>
    </div>
  );
}
