import { formatClinicClock } from '../../format/time.ts';

/** The time at the clinic now, so "2 h ago" can be read against its opening hours. */
export function ClinicClock({ zone, now }: { zone: string | null; now: number }) {
  const clock = formatClinicClock(now, zone);
  if (!clock) {
    return (
      <span className="site-clinic-clock muted" data-testid="clinic-clock" title="The site's address in Central Command names no US state.">
        Clinic time zone unknown
      </span>
    );
  }
  return (
    <span className="site-clinic-clock" data-testid="clinic-clock" title={zone ?? undefined}>
      {clock} at the clinic
    </span>
  );
}
