import type { SiteApplianceView } from '#shared/sites/index.ts';
import { NO_VALUE } from '../../format/numbers.ts';
import { formatUptime } from '../../format/time.ts';
import { LiveStatusBadge } from '../../components/LiveStatusBadge.tsx';
import { RelativeTime } from '../../components/RelativeTime.tsx';

function Missing({ text = NO_VALUE }: { text?: string }) {
  return <span className="muted">{text}</span>;
}

/** One site's appliances: a handful of rows, so a plain table. Every server string goes in as text. */
export function AppliancesTable({ appliances, now, clinicZone }: { appliances: readonly SiteApplianceView[]; now: number; clinicZone: string | null }) {
  return (
    <table className="appliances-table" aria-label="Appliances">
      <thead>
        <tr>
          <th scope="col">Hostname</th>
          <th scope="col">Live status</th>
          <th scope="col">Agent version</th>
          <th scope="col">IP addresses</th>
          <th scope="col">Last check-in</th>
          <th scope="col">Uptime</th>
          <th scope="col">Offline since</th>
        </tr>
      </thead>
      <tbody>
        {appliances.length === 0 ? (
          <tr>
            <td colSpan={7} className="appliances-empty">
              Central Command lists no appliances for this site.
            </td>
          </tr>
        ) : null}
        {appliances.map((appliance) => {
          const uptime = formatUptime(appliance.uptimeSeconds);
          return (
            <tr key={appliance.applianceId} data-testid="appliance-row">
              <td title={appliance.applianceId}>
                <span className="appliance-hostname">{appliance.hostname}</span>
                {appliance.displayName ? <span className="appliance-display-name">{appliance.displayName}</span> : null}
              </td>
              <td>
                <LiveStatusBadge status={appliance.liveStatus} />
              </td>
              <td className="mono">{appliance.agentVersion ?? <Missing />}</td>
              <td className="mono">
                {appliance.ipAddresses.length > 0 ? (
                  appliance.ipAddresses.map((ip) => (
                    <span className="appliance-ip" key={ip}>
                      {ip}
                    </span>
                  ))
                ) : (
                  <Missing />
                )}
              </td>
              <td>{appliance.lastCheckin ? <RelativeTime iso={appliance.lastCheckin} now={now} clinicZone={clinicZone} /> : <Missing text="never" />}</td>
              <td className="numeric">{uptime ?? <Missing />}</td>
              <td>
                {appliance.offlineSince ? (
                  <span className="appliance-offline-since">
                    <RelativeTime iso={appliance.offlineSince} now={now} clinicZone={clinicZone} />
                  </span>
                ) : (
                  <Missing />
                )}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
