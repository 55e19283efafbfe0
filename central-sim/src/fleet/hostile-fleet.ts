import { hostileString, longHostileName } from '../hostile.ts';
import { createRng } from '../random.ts';
import type { Fleet } from './model.ts';

/** The longest names `--hostile` produces, in characters. */
export const HOSTILE_NAME_LENGTH = 300;

/**
 * `--hostile`: about a quarter of the clinic and org names (the first org's always), appliance hostnames and display names, and the
 * site notes become markup, script, RTL, combining marks or emoji; the first site with appliances gets a
 * 300-character name and its first appliance a 300-character hostname. Site ids stay URL-safe slugs, as
 * the real ones are. Seeded, so the same seed gives the same hostile fleet.
 */
export function makeFleetHostile(fleet: Fleet): void {
  const rng = createRng(fleet.seed, 'hostile-fleet');
  // The first org (the one most sites belong to) always, so even a small fleet shows one.
  fleet.orgs.forEach((org, index) => {
    if (index === 0 || rng.chance(0.25)) org.name = `${org.name} ${hostileString(rng)}`;
  });
  for (const site of fleet.sites) {
    if (rng.chance(0.25)) site.clinicName = `${hostileString(rng)} ${site.clinicName ?? ''}`.trim();
    site.notes = rng.chance(0.5) ? `${hostileString(rng)}\n${hostileString(rng)}` : null;
    for (const appliance of site.appliances) {
      if (rng.chance(0.2)) appliance.hostname = hostileString(rng);
      if (rng.chance(0.2)) appliance.displayName = hostileString(rng);
    }
  }
  const long = fleet.sites.find((site) => site.appliances.length > 0);
  if (long) {
    long.clinicName = longHostileName(rng, HOSTILE_NAME_LENGTH);
    long.appliances[0]!.hostname = longHostileName(rng, HOSTILE_NAME_LENGTH);
  }
}
