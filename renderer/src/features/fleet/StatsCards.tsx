import type { FleetStats } from '#shared/fleet/index.ts';
import { formatCount, formatPercent } from '../../format/numbers.ts';

interface StatCard {
  label: string;
  value: string;
  detail?: string;
}

function cardsFor(stats: FleetStats): StatCard[] {
  return [
    { label: 'Clients', value: formatCount(stats.totalClients) },
    {
      label: 'Appliances online',
      value: `${formatCount(stats.onlineAppliances)} / ${formatCount(stats.totalAppliances)}`,
    },
    { label: 'Avg compliance', value: formatPercent(stats.avgComplianceScore) },
    { label: 'Avg connectivity', value: formatPercent(stats.avgConnectivityScore) },
    { label: 'Incidents 24 h', value: formatCount(stats.incidents24h), detail: `${formatCount(stats.incidents7d)} in 7 d` },
    {
      label: 'L1 / L2 resolution',
      value: `${formatPercent(stats.l1ResolutionRate)} / ${formatPercent(stats.l2ResolutionRate)}`,
    },
    { label: 'L3 escalation', value: formatPercent(stats.l3EscalationRate) },
  ];
}

/** Fleet-wide numbers exactly as Central Command computed them; we only format. */
export function StatsCards({ stats }: { stats: FleetStats | null }) {
  if (!stats) {
    return (
      <section className="stats-empty" aria-label="Fleet statistics">
        Fleet statistics appear after the first sync.
      </section>
    );
  }
  return (
    <section className="stats" aria-label="Fleet statistics">
      {cardsFor(stats).map((card) => (
        <div className="stat-card" key={card.label}>
          <span className="stat-label">{card.label}</span>
          <span className="stat-value">{card.value}</span>
          {card.detail ? <span className="stat-detail">{card.detail}</span> : null}
        </div>
      ))}
    </section>
  );
}
