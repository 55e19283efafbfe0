import { useEffect, useRef, useState } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { formatCount } from '../../format/numbers.ts';
import { dayTotal, stackHistogram, TIERS } from './histogram-series.ts';
import type { IncidentHistogram } from './incidents-store.ts';
import { InlineError } from '../../components/InlineError.tsx';

const CHART_HEIGHT = 124;
// Counts are whole incidents: ticks only at whole numbers.
const COUNT_TICKS = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1_000, 2_000, 5_000, 10_000, 20_000, 50_000, 100_000, 200_000, 500_000, 1_000_000];

interface IncidentChartProps {
  histogram: IncidentHistogram | null;
  error: string | null;
}

/** Incidents per day by the tier that resolved them, stacked, from the cache; the same numbers as a table for screen readers. */
export function IncidentChart({ histogram, error }: IncidentChartProps) {
  // The range drawn: the days the answer holds (the age filter's, or "All" from its first day with incidents).
  const days = histogram?.days.length ?? 0;
  // The day under the pointer (its counts show in the legend), else the whole range's totals.
  const [hovered, setHovered] = useState<number | null>(null);
  const total = histogram?.days.reduce((sum, day) => sum + dayTotal(day), 0) ?? null;
  const hoveredDay = hovered === null ? null : (histogram?.days[hovered] ?? null);
  return (
    <section className="incident-chart" aria-label="Incidents per day" data-testid="incident-chart">
      <div className="incident-chart-head">
        <h2 className="incident-chart-title">Incidents per day</h2>
        <span className="muted">
          {hoveredDay ? hoveredDay.day : `last ${days} ${days === 1 ? 'day' : 'days'}`}
          {hoveredDay ? ` · ${formatCount(dayTotal(hoveredDay))}` : total !== null ? ` · ${formatCount(total)} ${total === 1 ? 'incident' : 'incidents'}` : ''}
        </span>
        <span className="toolbar-spacer" />
        {histogram ? (
          <ul className="chart-legend" aria-hidden="true">
            {TIERS.map((tier) => (
              <li key={tier.key}>
                <span className="chart-swatch" style={{ background: tier.color }} />
                {tier.label} {formatCount(hoveredDay ? hoveredDay[tier.key] : histogram.days.reduce((sum, day) => sum + day[tier.key], 0))}
              </li>
            ))}
          </ul>
        ) : null}
      </div>
      <InlineError message={error} />
      {histogram ? <UPlotBars histogram={histogram} onHover={setHovered} /> : <div className="incident-chart-placeholder" style={{ height: CHART_HEIGHT }} />}
      {histogram ? <HistogramTable histogram={histogram} /> : null}
    </section>
  );
}

function canDraw(): boolean {
  // A page without a 2D canvas (jsdom in the renderer tests) gets the table only.
  try {
    return document.createElement('canvas').getContext('2d') !== null;
  } catch {
    return false;
  }
}

function UPlotBars({ histogram, onHover }: { histogram: IncidentHistogram; onHover(dayIndex: number | null): void }) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const element = box.current;
    if (!element || !canDraw()) return;
    const series = stackHistogram(histogram.days);
    // Tallest first, so each shorter tier is drawn over the one above it in the stack.
    const order = TIERS.map((_, index) => index).reverse();
    const bars = uPlot.paths.bars?.({ size: [0.8, 28], gap: 1 });
    const plot = new uPlot(
      {
        width: Math.max(200, element.clientWidth),
        height: CHART_HEIGHT,
        legend: { show: false },
        hooks: { setCursor: [(u) => onHover(u.cursor.idx ?? null)] },
        cursor: { points: { show: false }, drag: { x: false, y: false } },
        scales: { x: { time: true }, y: { range: (_u, _min, max) => [0, Math.max(1, max)] } },
        axes: [
          { stroke: '#8793a3', grid: { stroke: '#232a34', width: 1 }, ticks: { stroke: '#2a323d' } },
          { stroke: '#8793a3', grid: { stroke: '#232a34', width: 1 }, ticks: { stroke: '#2a323d' }, size: 48, incrs: COUNT_TICKS },
        ],
        series: [
          {},
          ...order.map((tierIndex) => ({ label: TIERS[tierIndex]!.label, fill: TIERS[tierIndex]!.color, stroke: TIERS[tierIndex]!.color, width: 0, paths: bars, points: { show: false } })),
        ],
      },
      [series.x, ...order.map((tierIndex) => series.tops[tierIndex]!)],
      element,
    );
    const resize = new ResizeObserver(() => plot.setSize({ width: Math.max(200, element.clientWidth), height: CHART_HEIGHT }));
    resize.observe(element);
    return () => {
      resize.disconnect();
      plot.destroy();
    };
  }, [histogram, onHover]);
  return <div ref={box} className="incident-chart-plot" aria-hidden="true" />;
}

function HistogramTable({ histogram }: { histogram: IncidentHistogram }) {
  return (
    <table className="visually-hidden" aria-label="Incidents per day by tier">
      <thead>
        <tr>
          <th scope="col">Day</th>
          {TIERS.map((tier) => (
            <th scope="col" key={tier.key}>
              {tier.label}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {histogram.days.map((day) => (
          <tr key={day.day}>
            <th scope="row">{day.day}</th>
            {TIERS.map((tier) => (
              <td key={tier.key}>{day[tier.key]}</td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
