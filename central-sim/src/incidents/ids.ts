import { familyKey, hash32, indexedRng } from '../random.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const ROUNDS = 4;

/**
 * Incident ids are random-looking v4 UUIDs that encode their row number: the first 32 bits are a keyed
 * permutation (a small Feistel network) of the row, the rest are derived from it. So a million ids need no
 * lookup table: an id is decoded to its row and re-encoded to check that it is genuine.
 */
export class IncidentIds {
  readonly #roundKeys: number[];
  readonly #tailKey: number;

  constructor(seed: number) {
    this.#roundKeys = Array.from({ length: ROUNDS }, (_, round) => hash32(`${seed}:incident-id-round:${round}`));
    this.#tailKey = familyKey(seed, 'incident-id-tail');
  }

  encode(row: number): string {
    const head = this.#permute(row);
    const tail = indexedRng(this.#tailKey, head).hex(24);
    const variant = ((parseInt(tail[8]!, 16) & 0x3) | 0x8).toString(16);
    return `${head.toString(16).padStart(8, '0')}-${tail.slice(0, 4)}-4${tail.slice(5, 8)}-${variant}${tail.slice(9, 12)}-${tail.slice(12, 24)}`;
  }

  /** The row an id names, or null when it is not an id this simulator issued (PostgreSQL compares UUIDs case-insensitively). */
  decode(id: string, rowCount: number): number | null {
    const lower = id.toLowerCase();
    if (!UUID.test(lower)) return null;
    const row = this.#unpermute(parseInt(lower.slice(0, 8), 16));
    return row < rowCount && this.encode(row) === lower ? row : null;
  }

  #round(half: number, round: number): number {
    let h = Math.imul(half ^ this.#roundKeys[round]!, 0x45d9f3b);
    h ^= h >>> 15;
    return Math.imul(h, 0x2c1b3c6d) >>> 16;
  }

  #permute(row: number): number {
    let left = row >>> 16;
    let right = row & 0xffff;
    for (let round = 0; round < ROUNDS; round++) [left, right] = [right, (left ^ this.#round(right, round)) & 0xffff];
    return ((left << 16) | right) >>> 0;
  }

  #unpermute(value: number): number {
    let left = value >>> 16;
    let right = value & 0xffff;
    for (let round = ROUNDS - 1; round >= 0; round--) [left, right] = [(right ^ this.#round(left, round)) & 0xffff, left];
    return ((left << 16) | right) >>> 0;
  }
}
