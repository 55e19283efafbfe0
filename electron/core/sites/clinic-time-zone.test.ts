import { describe, expect, it } from 'vitest';
import { clinicTimeZoneFromAddress } from './clinic-time-zone.ts';

describe('clinic time zone from the site address', () => {
  it('reads the US state at the end of the address, with or without ZIP and country', () => {
    expect(clinicTimeZoneFromAddress('1200 Main St, Springfield, IL 62701')).toBe('America/Chicago');
    expect(clinicTimeZoneFromAddress('55 Harbor Way, Suite 4, Portland, OR 97201-1234')).toBe('America/Los_Angeles');
    expect(clinicTimeZoneFromAddress('8 Elm Rd, Phoenix, az')).toBe('America/Phoenix');
    expect(clinicTimeZoneFromAddress('8 Elm Rd, Boston, MA 02110, USA')).toBe('America/New_York');
    expect(clinicTimeZoneFromAddress('Kapiolani Blvd, Honolulu, HI 96814, United States')).toBe('Pacific/Honolulu');
  });

  it('gives no zone rather than a guess for missing, foreign or unparseable addresses', () => {
    expect(clinicTimeZoneFromAddress(null)).toBeNull();
    expect(clinicTimeZoneFromAddress('')).toBeNull();
    expect(clinicTimeZoneFromAddress('Friedrichstraße 12, 10117 Berlin, Germany')).toBeNull();
    expect(clinicTimeZoneFromAddress('12 Main St, Springfield, ZZ 12345')).toBeNull();
    expect(clinicTimeZoneFromAddress('IL 62701 is where we are')).toBeNull();
  });

  it('names only zones this runtime knows', () => {
    const states = ['AL', 'AK', 'AZ', 'CA', 'HI', 'ID', 'IN', 'MI', 'PR', 'GU', 'VI', 'AS', 'MP'];
    for (const state of states) {
      const zone = clinicTimeZoneFromAddress(`1 Main St, Town, ${state} 00000`);
      expect(zone, state).not.toBeNull();
      expect(() => new Intl.DateTimeFormat('en-US', { timeZone: zone! })).not.toThrow();
    }
  });
});
