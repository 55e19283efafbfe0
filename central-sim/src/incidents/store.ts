import type { Fleet, Site } from '../fleet/model.ts';
import { createRng, familyKey, indexedRng, type Rng } from '../random.ts';
import { IncidentIds } from './ids.ts';
import { UnresolvedRows } from './unresolved.ts';

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;
/** The generated history reaches this far back from the start time. */
const HISTORY_SPAN_MS = 90 * DAY_MS;

/** Rows per block of the per-block filter counts (a power of two). */
const BLOCK_BITS = 10;
const BLOCK = 1 << BLOCK_BITS;
/** A row's filter class: its tier and whether it is resolved. */
const CLASSES = 7 * 2;

/** incidents.resolution_tier; index 0 is SQL NULL. Only the L* tiers surface as `resolution_level`. */
export const TIERS = [null, 'L1', 'L2', 'L3', 'manual', 'monitoring', 'recovered'] as const;
export type Tier = Exclude<(typeof TIERS)[number], null>;
export const TIER = { none: 0, L1: 1, L2: 2, L3: 3, manual: 4, monitoring: 5, recovered: 6 } as const;

/** incidents.status. */
export const STATUSES = ['open', 'resolving', 'escalated', 'resolved'] as const;
export type Status = (typeof STATUSES)[number];
export const STATUS = { open: 0, resolving: 1, escalated: 2, resolved: 3 } as const;

/** Resolution tiers of the generated history: ~75 % L1, ~18 % L2, ~7 % L3 among the L tiers, a few others. */
const TIER_WEIGHTS: readonly (readonly [number, number])[] = [
  [TIER.L1, 69], [TIER.L2, 16.5], [TIER.L3, 6.5], [TIER.manual, 2.5], [TIER.monitoring, 1.5], [TIER.recovered, 1.5], [TIER.none, 2.5],
];

export interface IncidentRecord {
  row: number;
  id: string;
  site: Site;
  tier: number;
  status: number;
  createdAtMs: number;
  resolvedAtMs: number | null;
}

interface GeneratedCore {
  siteIndex: number;
  createdAtMs: number;
  tier: number;
  status: number;
  resolvedAtMs: number | null;
}

export interface IncidentFilter {
  /** One site (fleet index), or null for all. */
  siteIndex: number | null;
  /** Sites the user may see (1 = visible), or null for a global user. */
  visible: Uint8Array | null;
  /** A resolution_tier code to match, null for any, -1 for a value no row has. */
  tier: number | null;
  resolved: boolean | null;
}

/**
 * The incidents table, at up to a million rows, without a million objects: a row's immutable fields are
 * recomputed from its index (a seeded stream per row) and only what lists filter on, or what changes, is
 * kept in typed arrays — site, tier and status per row, and each site's rows. Row numbers grow with
 * reported_at, so "newest first" is simply descending row number and rows opened later go on top.
 */
export class IncidentStore {
  readonly ids: IncidentIds;
  readonly baseCount: number;
  readonly #sites: Site[];
  readonly #generatedAtMs: number;
  readonly #coreKey: number;
  readonly #ticketKey: number;
  readonly #openShareKey: number;
  /** Share of the generated history left unresolved; null: what the tiers' resolution delays leave (~7 %). */
  readonly #openShare: number | null;
  /** Fleet indices of the sites that can have incidents (they have appliances), with cumulative weights. */
  readonly #eligible: Uint32Array;
  readonly #cumulative: Float64Array;
  #count: number;
  #site: Uint32Array;
  #tier: Uint8Array;
  #status: Uint8Array;
  /** Per block of rows, how many rows of each filter class it holds: filtered deep pages skip whole blocks. */
  #blockCounts: Uint32Array;
  /** Each site's generated rows, ascending: rows `#siteRows[#siteStart[s] .. #siteStart[s+1]]`. */
  readonly #siteRows: Uint32Array;
  readonly #siteStart: Uint32Array;
  /** Rows opened while running, per site, ascending; their reported_at (generated rows compute theirs). */
  readonly #openedBySite = new Map<number, number[]>();
  readonly #openedAt: number[] = [];
  /** Rows whose tier or status changed after they were generated or opened (few): their count of changes. */
  readonly #changes = new Map<number, number>();
  /** resolved_at of rows resolved while running. */
  readonly #resolvedAt = new Map<number, number>();
  readonly #escalations = new Map<number, number>();
  readonly unresolved = new UnresolvedRows();

  constructor(options: { fleet: Fleet; count: number; openShare?: number }) {
    const { fleet } = options;
    if (options.openShare !== undefined && !(options.openShare >= 0 && options.openShare <= 1)) throw new Error('openShare must be between 0 and 1');
    this.#openShare = options.openShare ?? null;
    this.#openShareKey = familyKey(fleet.seed, 'incident-open-share');
    this.#sites = fleet.sites;
    this.#generatedAtMs = fleet.generatedAtMs;
    this.ids = new IncidentIds(fleet.seed);
    this.#coreKey = familyKey(fleet.seed, 'incident-core');
    this.#ticketKey = familyKey(fleet.seed, 'incident-ticket');
    const weightRng = createRng(fleet.seed, 'incident-site-weights');
    const eligible: number[] = [];
    const weights: number[] = [];
    fleet.sites.forEach((site, index) => {
      const weight = 1 / (0.05 + weightRng.next()); // 1..20: a few sites have many times the incidents of most
      if (site.appliances.length === 0) return;
      eligible.push(index);
      weights.push(weight);
    });
    this.#eligible = Uint32Array.from(eligible);
    this.#cumulative = new Float64Array(weights.length);
    weights.reduce((sum, weight, i) => (this.#cumulative[i] = sum + weight), 0);

    this.baseCount = eligible.length === 0 ? 0 : Math.max(0, Math.floor(options.count));
    this.#count = this.baseCount;
    const capacity = this.baseCount + 1024;
    this.#site = new Uint32Array(capacity);
    this.#tier = new Uint8Array(capacity);
    this.#status = new Uint8Array(capacity);
    this.#blockCounts = new Uint32Array(Math.ceil(capacity / BLOCK) * CLASSES);
    const perSite = new Uint32Array(fleet.sites.length + 1);
    for (let row = 0; row < this.baseCount; row++) {
      const core = this.#generatedCore(row);
      this.#site[row] = core.siteIndex;
      this.#setState(row, core.tier, core.status, false);
      perSite[core.siteIndex + 1]!++;
      if (core.status !== STATUS.resolved) this.unresolved.add(row);
    }
    for (let s = 1; s < perSite.length; s++) perSite[s]! += perSite[s - 1]!;
    this.#siteStart = perSite.slice();
    this.#siteRows = new Uint32Array(this.baseCount);
    const fill = perSite.slice(0, -1);
    for (let row = 0; row < this.baseCount; row++) this.#siteRows[fill[this.#site[row]!]!++] = row;
  }

  get count(): number {
    return this.#count;
  }

  siteIndexOf(row: number): number {
    return this.#site[row]!;
  }

  statusOf(row: number): number {
    return this.#status[row]!;
  }

  tierOf(row: number): number {
    return this.#tier[row]!;
  }

  record(row: number): IncidentRecord {
    const generated = row < this.baseCount ? this.#generatedCore(row) : null;
    const createdAtMs = generated?.createdAtMs ?? this.#openedAt[row - this.baseCount]!;
    // Resolved while running, or resolved in the generated history (rows are never un-resolved).
    const resolvedAtMs = this.#status[row] === STATUS.resolved ? (this.#resolvedAt.get(row) ?? generated?.resolvedAtMs ?? null) : null;
    return { row, id: this.ids.encode(row), site: this.#sites[this.#site[row]!]!, tier: this.#tier[row]!, status: this.#status[row]!, createdAtMs, resolvedAtMs };
  }

  /** The row of an id this simulator issued, or null. */
  rowOf(id: string): number | null {
    return this.ids.decode(id, this.#count);
  }

  /** Rows newest first, as `ORDER BY reported_at DESC LIMIT … OFFSET …` over the filtered table. */
  page(filter: IncidentFilter, offset: number, limit: number): number[] {
    const { tier, resolved, visible } = filter;
    if (tier === -1) return [];
    const wantResolved = resolved === null ? -1 : resolved ? 1 : 0;
    const tiers = this.#tier;
    const statuses = this.#status;
    const matches = (row: number) => (tier === null || tiers[row] === tier) && (wantResolved === -1 || (statuses[row] === STATUS.resolved ? 1 : 0) === wantResolved);
    if (filter.siteIndex !== null || visible !== null) {
      // One site's rows, or the visible sites' rows merged: what is read is the user's share, not the table.
      const next = filter.siteIndex === null ? this.#mergedCursor(visible!) : this.#siteCursor(filter.siteIndex);
      const inSite = visible === null || filter.siteIndex === null ? null : visible[filter.siteIndex] === 1;
      if (inSite === false) return [];
      return collect(next, matches, offset, limit);
    }
    const rows: number[] = [];
    if (tier === null && resolved === null) {
      for (let row = this.#count - 1 - offset; row >= 0 && rows.length < limit; row--) rows.push(row);
      return rows;
    }
    // Whole blocks of non-matching or skipped rows are stepped over by their counts, newest block first; then a
    // tight loop over the typed arrays from where the page begins.
    let skipped = 0;
    let top = this.#count - 1;
    for (let block = top >> BLOCK_BITS; block >= 0; block--) {
      const matching = this.#matchingInBlock(block, tier, wantResolved);
      if (skipped + matching > offset) break;
      skipped += matching;
      top = (block << BLOCK_BITS) - 1;
    }
    let row = top;
    return collect(() => (row >= 0 ? row-- : -1), matches, offset - skipped, limit);
  }

  /** One site's rows, newest first (rows opened while running are newer than every generated row); -1 at the end. */
  #siteCursor(siteIndex: number): () => number {
    const opened = this.#openedBySite.get(siteIndex) ?? [];
    const first = this.#siteStart[siteIndex]!;
    let openedAt = opened.length - 1;
    let generatedAt = this.#siteStart[siteIndex + 1]! - 1;
    return () => (openedAt >= 0 ? opened[openedAt--]! : generatedAt >= first ? this.#siteRows[generatedAt--]! : -1);
  }

  /** The rows of every visible site, newest first: a k-way merge of the sites' cursors over a binary max-heap. */
  #mergedCursor(visible: Uint8Array): () => number {
    const cursors: (() => number)[] = [];
    const heads: number[] = [];
    for (let site = 0; site < visible.length; site++) {
      if (visible[site] !== 1) continue;
      const cursor = this.#siteCursor(site);
      const head = cursor();
      if (head >= 0) {
        cursors.push(cursor);
        heads.push(head);
      }
    }
    const heap = new MaxHeap(heads);
    return () => {
      if (heap.size === 0) return -1;
      const value = heap.topValue;
      const following = cursors[heap.topSlot]!();
      if (following >= 0) heap.replaceTop(following);
      else heap.popTop();
      return value;
    };
  }

  /** A new incident reported now, at a chosen site or one picked like the generated ones. */
  open(nowMs: number, siteIndex?: number): number | null {
    if (this.#eligible.length === 0) return null;
    const row = this.#count;
    if (row >= this.#site.length) this.#grow();
    const site = siteIndex ?? this.#pickSite(indexedRng(this.#coreKey, row));
    this.#site[row] = site;
    this.#setState(row, TIER.none, STATUS.open, false);
    this.#openedAt.push(Math.max(nowMs, this.#openedAt.at(-1) ?? nowMs));
    const list = this.#openedBySite.get(site) ?? [];
    list.push(row);
    this.#openedBySite.set(site, list);
    this.unresolved.add(row);
    this.#count++;
    return row;
  }

  resolve(row: number, nowMs: number, tier: number): void {
    this.#setState(row, tier, STATUS.resolved, true);
    this.#resolvedAt.set(row, nowMs);
    this.unresolved.delete(row);
  }

  /** Tier L3, status escalated, and a new escalation ticket (its id is derived from the row and how often it was escalated). */
  escalate(row: number): string {
    this.#setState(row, TIER.L3, STATUS.escalated, true);
    const times = (this.#escalations.get(row) ?? 0) + 1;
    this.#escalations.set(row, times);
    return indexedRng(this.#ticketKey, row * 16 + Math.min(times, 15)).uuid();
  }

  /** Fleet index of a site id, or null. */
  siteIndexById(siteId: string): number | null {
    const index = this.#sites.findIndex((site) => site.siteId === siteId);
    return index < 0 ? null : index;
  }

  /** How often a row's state changed since it was generated or opened: what a copy of its list row is checked against. */
  changesOf(row: number): number {
    return this.#changes.get(row) ?? 0;
  }

  #setState(row: number, tier: number, status: number, counted: boolean): void {
    if (counted) this.#changes.set(row, (this.#changes.get(row) ?? 0) + 1);
    const base = (row >>> BLOCK_BITS) * CLASSES;
    if (counted) this.#blockCounts[base + classOf(this.#tier[row]!, this.#status[row]!)]!--;
    this.#tier[row] = tier;
    this.#status[row] = status;
    this.#blockCounts[base + classOf(tier, status)]!++;
  }

  /** Rows of a block that pass the tier and resolved filters. */
  #matchingInBlock(block: number, tier: number | null, wantResolved: number): number {
    const base = block * CLASSES;
    let total = 0;
    for (let t = tier ?? 0; t <= (tier ?? 6); t++) {
      if (wantResolved !== 1) total += this.#blockCounts[base + t * 2]!;
      if (wantResolved !== 0) total += this.#blockCounts[base + t * 2 + 1]!;
    }
    return total;
  }

  #grow(): void {
    const capacity = this.#site.length * 2;
    const site = new Uint32Array(capacity);
    site.set(this.#site);
    const tier = new Uint8Array(capacity);
    tier.set(this.#tier);
    const status = new Uint8Array(capacity);
    status.set(this.#status);
    this.#site = site;
    this.#tier = tier;
    this.#status = status;
    const counts = new Uint32Array(Math.ceil(capacity / BLOCK) * CLASSES);
    counts.set(this.#blockCounts);
    this.#blockCounts = counts;
  }

  #pickSite(rng: Rng): number {
    const roll = rng.next() * this.#cumulative[this.#cumulative.length - 1]!;
    let low = 0;
    let high = this.#cumulative.length - 1;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (this.#cumulative[mid]! > roll) high = mid;
      else low = mid + 1;
    }
    return this.#eligible[low]!;
  }

  /** A generated row's site, reported_at, tier, status and resolved_at: a function of the seed and the row alone (and the open share, if set). */
  #generatedCore(row: number): GeneratedCore {
    const core = this.#naturalCore(row);
    return this.#openShare === null ? core : withOpenShare(core, indexedRng(this.#openShareKey, row).next() < this.#openShare, this.#generatedAtMs);
  }

  #naturalCore(row: number): GeneratedCore {
    const rng = indexedRng(this.#coreKey, row);
    // Strictly increasing with the row: row r lies in [r, r+1) of equal slices of the history.
    const createdAtMs = this.#generatedAtMs - HISTORY_SPAN_MS + Math.floor((HISTORY_SPAN_MS * (row + rng.next())) / this.baseCount);
    const siteIndex = this.#pickSite(rng);
    const tier = rng.weighted(TIER_WEIGHTS);
    const resolvedAtMs = createdAtMs + resolutionDelay(rng, tier);
    const done = resolvedAtMs <= this.#generatedAtMs;
    switch (tier) {
      case TIER.L1:
      case TIER.L2:
        return { siteIndex, createdAtMs, tier, status: done ? STATUS.resolved : STATUS.resolving, resolvedAtMs: done ? resolvedAtMs : null };
      case TIER.L3: {
        const closed = done && rng.chance(0.6);
        return { siteIndex, createdAtMs, tier, status: closed ? STATUS.resolved : STATUS.escalated, resolvedAtMs: closed ? resolvedAtMs : null };
      }
      case TIER.manual:
      case TIER.recovered:
        // The tier is written when the incident is resolved; before that it has none.
        return done ? { siteIndex, createdAtMs, tier, status: STATUS.resolved, resolvedAtMs } : { siteIndex, createdAtMs, tier: TIER.none, status: STATUS.open, resolvedAtMs: null };
      default:
        return { siteIndex, createdAtMs, tier, status: STATUS.open, resolvedAtMs: null };
    }
  }
}

/**
 * A row made open or resolved by the stated open share, keeping its site, time and tier where they fit:
 * an open L1/L2 row is still resolving, an open L3 row escalated, any other open row untiered; a resolved
 * row keeps its tier (an untiered one was recovered) and is resolved by the time the history ends.
 */
function withOpenShare(core: GeneratedCore, open: boolean, generatedAtMs: number): GeneratedCore {
  const resolved = core.status === STATUS.resolved;
  if (open && resolved) {
    if (core.tier === TIER.L1 || core.tier === TIER.L2) return { ...core, status: STATUS.resolving, resolvedAtMs: null };
    if (core.tier === TIER.L3) return { ...core, status: STATUS.escalated, resolvedAtMs: null };
    return { ...core, tier: TIER.none, status: STATUS.open, resolvedAtMs: null };
  }
  if (!open && !resolved) {
    // Healed within a minute, or by the end of the history for a row reported in its last minute.
    return { ...core, tier: core.tier === TIER.none ? TIER.recovered : core.tier, status: STATUS.resolved, resolvedAtMs: Math.min(generatedAtMs, core.createdAtMs + MINUTE_MS) };
  }
  return core;
}

/** Skips `offset` matching rows of a cursor, then takes up to `limit`. */
function collect(next: () => number, matches: (row: number) => boolean, offset: number, limit: number): number[] {
  const rows: number[] = [];
  let skipped = 0;
  for (let row = next(); row >= 0 && rows.length < limit; row = next()) {
    if (!matches(row)) continue;
    if (skipped < offset) skipped++;
    else rows.push(row);
  }
  return rows;
}

/** Values with the slot (cursor) each came from; the largest on top. */
class MaxHeap {
  readonly #values: number[];
  readonly #slots: number[];

  constructor(values: number[]) {
    this.#values = [...values];
    this.#slots = values.map((_, slot) => slot);
    for (let i = (this.#values.length >> 1) - 1; i >= 0; i--) this.#down(i);
  }

  get size(): number {
    return this.#values.length;
  }

  get topValue(): number {
    return this.#values[0]!;
  }

  get topSlot(): number {
    return this.#slots[0]!;
  }

  replaceTop(value: number): void {
    this.#values[0] = value;
    this.#down(0);
  }

  popTop(): void {
    const lastValue = this.#values.pop()!;
    const lastSlot = this.#slots.pop()!;
    if (this.#values.length === 0) return;
    this.#values[0] = lastValue;
    this.#slots[0] = lastSlot;
    this.#down(0);
  }

  #down(start: number): void {
    const values = this.#values;
    const slots = this.#slots;
    let i = start;
    for (;;) {
      const left = 2 * i + 1;
      const right = left + 1;
      let largest = i;
      if (left < values.length && values[left]! > values[largest]!) largest = left;
      if (right < values.length && values[right]! > values[largest]!) largest = right;
      if (largest === i) return;
      const value = values[i]!;
      values[i] = values[largest]!;
      values[largest] = value;
      const slot = slots[i]!;
      slots[i] = slots[largest]!;
      slots[largest] = slot;
      i = largest;
    }
  }
}

function classOf(tier: number, status: number): number {
  return tier * 2 + (status === STATUS.resolved ? 1 : 0);
}

function resolutionDelay(rng: Rng, tier: number): number {
  switch (tier) {
    case TIER.L1:
      return rng.int(20_000, 45 * MINUTE_MS);
    case TIER.L2:
      return rng.int(10 * MINUTE_MS, 6 * HOUR_MS);
    case TIER.L3:
      return rng.int(4 * HOUR_MS, 5 * DAY_MS);
    case TIER.manual:
      return rng.int(30 * MINUTE_MS, 3 * DAY_MS);
    default:
      return rng.int(5 * MINUTE_MS, 2 * HOUR_MS);
  }
}
