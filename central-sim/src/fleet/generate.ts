import { createRng, type Rng } from '../random.ts';
import { COMPLIANCE_CATEGORIES, type Appliance, type ClientOrg, type Fleet, type Site, type SiteCompliance, type SiteHealing } from './model.ts';
import { AGENT_VERSIONS, APPLIANCE_DISPLAY_NAMES, NIXOS_VERSIONS, ORG_PATTERNS, PLACE_NAMES, PRACTICE_TYPES, SURNAMES } from './names.ts';

const SECOND_MS = 1000;
const MINUTE_MS = 60 * SECOND_MS;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;

/** What a site looks like at generation; decides its appliances' check-in ages. */
type SiteProfile = 'online' | 'stale' | 'offline' | 'pending' | 'auth_failed' | 'empty' | 'inactive';

const PROFILE_WEIGHTS: readonly (readonly [SiteProfile, number])[] = [
  ['online', 70], ['stale', 9], ['offline', 10], ['pending', 4], ['auth_failed', 3], ['empty', 1.5], ['inactive', 2.5],
];

/** Every live_status the API can report must occur in any fleet big enough to hold them. */
const REQUIRED_PROFILES: readonly SiteProfile[] = ['online', 'stale', 'offline', 'pending', 'auth_failed'];

/** Appliance counts 1-8, mean ≈ 3.4; 'empty' sites have none, so the fleet average is ≈ 3.3. */
const APPLIANCES_PER_SITE: readonly (readonly [number, number])[] = [
  [1, 15], [2, 20], [3, 22], [4, 18], [5, 12], [6, 7], [7, 4], [8, 2],
];

/**
 * A deterministic fleet: same seed and size → same orgs, sites, appliances and check-in ages.
 * Timestamps are placed relative to `nowMs`, so only the clock differs between runs.
 */
export function generateFleet(options: { seed: number; sites: number; nowMs: number }): Fleet {
  const { seed, nowMs } = options;
  const siteTotal = Math.max(0, Math.floor(options.sites));
  const orgs = generateOrgs(createRng(seed, 'orgs'), Math.max(1, Math.round(siteTotal / 7.5)));
  const profiles = generateProfiles(createRng(seed, 'profiles'), siteTotal);
  const nameRng = createRng(seed, 'names');
  const usedNames = new Set<string>();
  const usedIds = new Set<string>();
  const sites: Site[] = profiles.map((profile, index) => {
    const rng = createRng(seed, `site:${index}`);
    const clinicName = uniqueClinicName(nameRng, usedNames);
    const siteId = uniqueSiteId(rng, clinicName, usedIds);
    const appliances = generateAppliances(rng, siteId, clinicName, profile, nowMs);
    return {
      siteId,
      // A few legacy rows have no clinic name; endpoints fall back to the site id in different ways.
      clinicName: rng.chance(0.01) ? null : clinicName,
      clientOrgId: rng.chance(0.04) ? null : orgs[Math.floor(orgs.length * rng.next() ** 1.6)]!.id,
      tier: rng.chance(0.05) ? null : rng.weighted([['small', 35], ['mid', 45], ['large', 20]] as const),
      onboardingStage: onboardingStage(rng, profile),
      status: profile === 'inactive' ? 'inactive' : profile === 'empty' || profile === 'pending' ? 'pending' : 'active',
      compliance: generateCompliance(rng, profile),
      healing: generateHealing(rng, profile, nowMs),
      notes: null,
      goAgentCount: appliances.length === 0 ? 0 : rng.int(0, 24),
      appliances,
    };
  });
  return { seed, generatedAtMs: nowMs, orgs, sites };
}

function generateOrgs(rng: Rng, count: number): ClientOrg[] {
  const used = new Set<string>();
  const orgs: ClientOrg[] = [];
  for (let i = 0; i < count; i++) {
    let name = '';
    for (let attempt = 0; attempt < 20 && (name === '' || used.has(name)); attempt++) {
      name = rng.pick(ORG_PATTERNS)({ surname: rng.pick(SURNAMES), place: rng.pick(PLACE_NAMES) });
    }
    if (used.has(name)) name = `${name} ${i + 1}`;
    used.add(name);
    orgs.push({ id: rng.uuid(), name });
  }
  return orgs;
}

function generateProfiles(rng: Rng, count: number): SiteProfile[] {
  const profiles = Array.from({ length: count }, () => rng.weighted(PROFILE_WEIGHTS));
  if (count >= 10) {
    // Turn random 'online' sites (the majority) into any missing status, so every status is represented.
    for (const required of REQUIRED_PROFILES) {
      if (profiles.includes(required)) continue;
      const candidates = profiles.flatMap((profile, index) => (profile === 'online' ? [index] : []));
      if (candidates.length > 1) profiles[rng.pick(candidates)] = required;
    }
  }
  return profiles;
}

function uniqueClinicName(rng: Rng, used: Set<string>): string {
  for (let attempt = 0; attempt < 30; attempt++) {
    const type = rng.pick(PRACTICE_TYPES);
    const name = rng.chance(0.2) ? `${rng.pick(SURNAMES)} ${type}` : `${rng.pick(PLACE_NAMES)} ${type}`;
    if (!used.has(name)) {
      used.add(name);
      return name;
    }
  }
  const fallback = `${rng.pick(PLACE_NAMES)} ${rng.pick(PRACTICE_TYPES)} ${used.size + 1}`;
  used.add(fallback);
  return fallback;
}

function uniqueSiteId(rng: Rng, clinicName: string, used: Set<string>): string {
  const slug = asciiSlug(clinicName).slice(0, 40).replace(/-+$/, '');
  let id = `${slug}-${rng.hex(6)}`;
  while (used.has(id)) id = `${slug}-${rng.hex(6)}`;
  used.add(id);
  return id;
}

export function asciiSlug(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/['’]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

function onboardingStage(rng: Rng, profile: SiteProfile): string | null {
  if (profile === 'empty') return rng.pick(['intake', 'creds', 'shipped']);
  if (profile === 'pending') return rng.pick(['shipped', 'received', 'connectivity']);
  if (rng.chance(0.03)) return null;
  return rng.weighted([['active', 80], ['compliant', 8], ['baseline', 6], ['scanning', 4], ['connectivity', 2]] as const);
}

function generateAppliances(rng: Rng, siteId: string, clinicName: string, profile: SiteProfile, nowMs: number): Appliance[] {
  if (profile === 'empty') return [];
  const count = rng.weighted(APPLIANCES_PER_SITE);
  const hostPrefix = asciiSlug(clinicName).split('-').map((word) => word[0]).join('').slice(0, 4) || 'site';
  const subnet = rng.chance(0.6) ? `192.168.${rng.int(0, 254)}` : `10.${rng.int(0, 254)}.${rng.int(0, 254)}`;
  const appliances: Appliance[] = [];
  for (let i = 0; i < count; i++) {
    const ageMs = checkinAge(rng, profile, i === 0);
    const lastCheckinMs = ageMs === null ? null : nowMs - ageMs;
    const mac = `84:3A:4B:${rng.hex(2)}:${rng.hex(2)}:${rng.hex(2)}`.toUpperCase();
    const alive = ageMs !== null && profile !== 'auth_failed' && ageMs < 15 * MINUTE_MS;
    const ipCount = rng.chance(0.15) ? 2 : 1;
    const ipAddresses = Array.from({ length: ipCount }, (_, n) => (n === 0 ? `${subnet}.${rng.int(2, 250)}` : `10.100.${rng.int(0, 254)}.${rng.int(2, 250)}`));
    appliances.push({
      applianceId: `${siteId}-${mac}`,
      hostname: `${hostPrefix}-appl-${String(i + 1).padStart(2, '0')}`,
      displayName: rng.chance(0.3) ? rng.pick(APPLIANCE_DISPLAY_NAMES) : null,
      macAddress: mac,
      ipAddresses: ageMs === null && rng.chance(0.5) ? [] : ipAddresses,
      agentVersion: rng.weighted(AGENT_VERSIONS),
      nixosVersion: rng.weighted(NIXOS_VERSIONS),
      firstCheckinMs: lastCheckinMs === null ? null : lastCheckinMs - rng.int(1, 700) * DAY_MS - rng.int(0, DAY_MS - 1),
      lastCheckinMs,
      heartbeatAgeMs: alive ? ageMs : null,
      alive,
      authFailureCount: profile === 'auth_failed' && i === 0 ? rng.int(3, 12) : rng.chance(0.03) ? rng.int(1, 2) : 0,
      uptimeSeconds: ageMs === null ? null : rng.int(3600, 90 * 86400),
      // Appliances already silent for over an hour at generation went offline 1 h after their last check-in.
      offlineSinceMs: lastCheckinMs !== null && ageMs !== null && ageMs >= HOUR_MS ? lastCheckinMs + HOUR_MS : null,
    });
  }
  return appliances;
}

/** Age of an appliance's last check-in at generation, or null when it never checked in. */
function checkinAge(rng: Rng, profile: SiteProfile, primary: boolean): number | null {
  const between = (min: number, max: number) => rng.int(min, max);
  switch (profile) {
    case 'online':
      if (primary || rng.chance(0.85)) return rng.chance(0.7) ? between(10 * SECOND_MS, 4 * MINUTE_MS + 30 * SECOND_MS) : between(5 * MINUTE_MS + SECOND_MS, 14 * MINUTE_MS);
      return rng.chance(0.6) ? between(16 * MINUTE_MS, 58 * MINUTE_MS) : between(2 * HOUR_MS, 20 * DAY_MS);
    case 'stale':
      return primary ? between(16 * MINUTE_MS, 58 * MINUTE_MS) : between(16 * MINUTE_MS, 3 * HOUR_MS);
    case 'offline':
      return between(90 * MINUTE_MS, 30 * DAY_MS);
    case 'auth_failed':
      return primary ? between(6 * MINUTE_MS, 50 * MINUTE_MS) : between(2 * HOUR_MS, 10 * DAY_MS);
    case 'inactive':
      return between(20 * DAY_MS, 90 * DAY_MS);
    case 'pending':
    case 'empty':
      return null;
  }
}

function generateCompliance(rng: Rng, profile: SiteProfile): SiteCompliance {
  const hasData = profile !== 'pending' && profile !== 'empty';
  const struggling = rng.chance(0.12);
  const categories = Object.fromEntries(
    COMPLIANCE_CATEGORIES.map((category) => {
      if (!hasData) return [category, 0];
      const passProbability = struggling ? 0.35 : category === 'patching' ? 0.55 : 0.78;
      return [category, rng.chance(passProbability) ? 100 : rng.pick([0, 25, 33, 50, 60, 67, 75, 80, 88])];
    }),
  ) as SiteCompliance['categories'];
  return { hasData, categories };
}

function generateHealing(rng: Rng, profile: SiteProfile, nowMs: number): SiteHealing {
  const quiet = profile === 'pending' || profile === 'empty';
  const incidents24h = quiet ? 0 : rng.weighted([[0, 40], [rng.int(1, 3), 35], [rng.int(4, 10), 20], [rng.int(11, 30), 5]] as const);
  const incidents7d = quiet ? 0 : incidents24h + rng.int(0, 25);
  const incidents30d = quiet ? 0 : incidents7d + rng.int(0, 60);
  const l1Resolved = Math.round(incidents30d * (0.6 + rng.next() * 0.3));
  const l2Resolved = Math.round((incidents30d - l1Resolved) * rng.next() * 0.8);
  const l3Escalated = Math.min(incidents30d - l1Resolved - l2Resolved, rng.int(0, 3));
  let lastIncidentMs: number | null = null;
  if (incidents24h > 0) lastIncidentMs = nowMs - rng.int(MINUTE_MS, DAY_MS - MINUTE_MS);
  else if (incidents7d > 0) lastIncidentMs = nowMs - rng.int(DAY_MS + MINUTE_MS, 7 * DAY_MS - MINUTE_MS);
  else if (incidents30d > 0) lastIncidentMs = nowMs - rng.int(7 * DAY_MS + MINUTE_MS, 30 * DAY_MS);
  return {
    healingSuccessRate: incidents30d === 0 || rng.chance(0.3) ? 100.0 : round1(70 + rng.next() * 30),
    orderExecutionRate: rng.chance(0.5) ? 100.0 : round1(80 + rng.next() * 20),
    incidents24h,
    incidents7d,
    incidents30d,
    l1Resolved,
    l2Resolved,
    l3Escalated: Math.max(0, l3Escalated),
    lastIncidentMs,
  };
}

export function round1(value: number): number {
  return Math.round(value * 10) / 10;
}
