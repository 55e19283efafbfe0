/**
 * A small seeded generator for property-style tests (fast-check is not installed here): the same seed
 * gives the same sequence, and the seed is part of every failure message so a run can be repeated.
 */
export function seededRandom(seed: number) {
  let state = seed >>> 0 || 1;
  const next = () => {
    // xorshift32
    state ^= state << 13;
    state >>>= 0;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    return state / 0x1_0000_0000;
  };
  return {
    seed,
    next,
    int: (min: number, max: number) => min + Math.floor(next() * (max - min + 1)),
    pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!,
  };
}

/** Seeds for a bounded run: CC_PROPERTY_SEED repeats one, otherwise `runs` from the clock. */
export function propertySeeds(runs: number): number[] {
  const fixed = process.env.CC_PROPERTY_SEED;
  if (fixed) return [Number(fixed)];
  const base = Date.now() % 1_000_000;
  return Array.from({ length: runs }, (_, index) => base + index * 7919);
}
