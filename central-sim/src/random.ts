/**
 * Deterministic randomness for generated data. Every stream is derived from (seed, label), so adding
 * a field to one part of the generator does not reshuffle the others.
 */
export interface Rng {
  /** Uniform in [0, 1). */
  next(): number;
  int(minInclusive: number, maxInclusive: number): number;
  chance(probability: number): boolean;
  pick<T>(items: readonly T[]): T;
  weighted<T>(entries: readonly (readonly [T, number])[]): T;
  hex(length: number): string;
  uuid(): string;
}

export function createRng(seed: number, label: string): Rng {
  return rngFrom(mulberry32(hash32(`${seed}:${label}`)));
}

/**
 * The stream of item `index` in a numbered family (seed, label): each item of a million-row table gets its
 * own stream without building a label string per item, so any row can be recomputed alone from its index.
 */
export function indexedRng(familyKey: number, index: number): Rng {
  return rngFrom(mulberry32(fmix32((familyKey ^ Math.imul(index + 1, 0x9e3779b1)) >>> 0)));
}

/** The 32-bit key of a numbered family, for indexedRng. */
export function familyKey(seed: number, label: string): number {
  return hash32(`${seed}:${label}`);
}

function rngFrom(next: () => number): Rng {
  const rng: Rng = {
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    chance: (probability) => next() < probability,
    pick: (items) => {
      if (items.length === 0) throw new Error('pick from an empty list');
      return items[Math.floor(next() * items.length)]!;
    },
    weighted: (entries) => {
      const total = entries.reduce((sum, [, weight]) => sum + weight, 0);
      let roll = next() * total;
      for (const [value, weight] of entries) {
        roll -= weight;
        if (roll < 0) return value;
      }
      return entries[entries.length - 1]![0];
    },
    hex: (length) => {
      let out = '';
      while (out.length < length) out += Math.floor(next() * 16).toString(16);
      return out;
    },
    uuid: () => {
      const h = rng.hex(32);
      // Shaped like a v4 UUID so clients that validate the format accept it.
      const variant = ((parseInt(h[16]!, 16) & 0x3) | 0x8).toString(16);
      return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
    },
  };
  return rng;
}

/** mulberry32: tiny, fast, good enough for test data (not for secrets). */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** MurmurHash3's finalizer: spreads neighbouring inputs (index 7 vs 8) over the whole 32-bit range. */
function fmix32(value: number): number {
  let h = value;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** FNV-1a over the UTF-16 code units: turns a label into a 32-bit seed. */
export function hash32(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}
