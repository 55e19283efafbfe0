/** The rows not yet resolved, for picking one at random in O(1) (swap-remove keeps the array dense). */
export class UnresolvedRows {
  readonly #rows: number[] = [];
  readonly #positions = new Map<number, number>();

  get size(): number {
    return this.#rows.length;
  }

  add(row: number): void {
    if (this.#positions.has(row)) return;
    this.#positions.set(row, this.#rows.length);
    this.#rows.push(row);
  }

  delete(row: number): void {
    const at = this.#positions.get(row);
    if (at === undefined) return;
    const last = this.#rows.pop()!;
    this.#positions.delete(row);
    if (last !== row) {
      this.#rows[at] = last;
      this.#positions.set(last, at);
    }
  }

  /** The row at a position 0..size-1 (positions are stable only until the next change). */
  at(position: number): number {
    return this.#rows[position]!;
  }
}
