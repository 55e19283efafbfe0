import { describe, expect, it } from 'vitest';
import { formatClinicClock, formatTimeTitle } from './time.ts';

// Runs in the test process's zone; the clinic part is checked against Intl in the clinic's zone.
const AT = '2026-01-15T15:30:00Z';

describe('times in the technician\'s zone, with the clinic\'s on hover', () => {
  it('shows only the technician\'s time where no clinic is in question', () => {
    const local = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'medium' }).format(Date.parse(AT));
    expect(formatTimeTitle(AT, undefined)).toBe(local);
  });

  it('adds the clinic\'s time and zone when the site\'s zone is known', () => {
    const title = formatTimeTitle(AT, 'America/Chicago');
    expect(title).toMatch(/\(your time\)\n/);
    const chicago = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'medium', timeZone: 'America/Chicago' }).format(Date.parse(AT));
    expect(title).toContain(`${chicago} CST at the clinic (America/Chicago)`);
  });

  it('says so when the clinic\'s zone is unknown or not known to this computer', () => {
    expect(formatTimeTitle(AT, null)).toMatch(/Clinic time zone unknown/);
    expect(formatTimeTitle(AT, 'Mars/Olympus_Mons')).toMatch(/not known to this computer/);
  });

  it('tells the time at the clinic now', () => {
    expect(formatClinicClock(Date.parse(AT), 'America/Phoenix')).toMatch(/8:30\sAM MST/);
    expect(formatClinicClock(Date.parse(AT), null)).toBeNull();
  });
});
