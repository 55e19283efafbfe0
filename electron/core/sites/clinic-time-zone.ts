/**
 * A clinic's time zone, read from its site's address (Central Command has no time-zone field for a
 * site). Clinics are US practices, so the address's two-letter state decides; states split across
 * zones get the zone most of their people live in, and the console says so where it shows it.
 */

const ZONE_BY_STATE: Readonly<Record<string, string>> = {
  AL: 'America/Chicago', AK: 'America/Anchorage', AZ: 'America/Phoenix', AR: 'America/Chicago', CA: 'America/Los_Angeles',
  CO: 'America/Denver', CT: 'America/New_York', DE: 'America/New_York', DC: 'America/New_York', FL: 'America/New_York',
  GA: 'America/New_York', HI: 'Pacific/Honolulu', ID: 'America/Boise', IL: 'America/Chicago', IN: 'America/Indiana/Indianapolis',
  IA: 'America/Chicago', KS: 'America/Chicago', KY: 'America/New_York', LA: 'America/Chicago', ME: 'America/New_York',
  MD: 'America/New_York', MA: 'America/New_York', MI: 'America/Detroit', MN: 'America/Chicago', MS: 'America/Chicago',
  MO: 'America/Chicago', MT: 'America/Denver', NE: 'America/Chicago', NV: 'America/Los_Angeles', NH: 'America/New_York',
  NJ: 'America/New_York', NM: 'America/Denver', NY: 'America/New_York', NC: 'America/New_York', ND: 'America/Chicago',
  OH: 'America/New_York', OK: 'America/Chicago', OR: 'America/Los_Angeles', PA: 'America/New_York', RI: 'America/New_York',
  SC: 'America/New_York', SD: 'America/Chicago', TN: 'America/Chicago', TX: 'America/Chicago', UT: 'America/Denver',
  VT: 'America/New_York', VA: 'America/New_York', WA: 'America/Los_Angeles', WV: 'America/New_York', WI: 'America/Chicago',
  WY: 'America/Denver', PR: 'America/Puerto_Rico', GU: 'Pacific/Guam', VI: 'America/St_Thomas', AS: 'Pacific/Pago_Pago',
  MP: 'Pacific/Saipan',
};

// "…, Springfield, IL 62701", "…, IL 62701-1234", "…, IL", "…, IL 62701, USA".
const STATE_AT_END = /,\s*([A-Za-z]{2})\.?(?:\s+\d{5}(?:-\d{4})?)?\s*(?:,\s*(?:USA|US|U\.S\.A?\.?|United States(?: of America)?))?\s*$/;

/** The IANA zone of the address's US state, or null when the address names none we know. */
export function clinicTimeZoneFromAddress(address: string | null | undefined): string | null {
  if (!address) return null;
  const match = STATE_AT_END.exec(address.trim());
  const state = match?.[1]?.toUpperCase();
  return state ? (ZONE_BY_STATE[state] ?? null) : null;
}
