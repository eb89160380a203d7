/**
 * Word hashes to dense term ids: an open-addressing table of 32-bit integers. Every word of every
 * article is looked up here, where a Map of strings cost a string and its hash per word.
 */

const EMPTY = -1;

export class TermIds {
  private keys = new Int32Array(1 << 12);
  private ids = new Int32Array(1 << 12).fill(EMPTY);
  private count = 0;

  /** Terms known. */
  get size(): number {
    return this.count;
  }

  /** The id of a word hash, a new one (the next number) when the hash is new. */
  idOf(hash: number): number {
    const mask = this.keys.length - 1;
    for (let slot = mix(hash) & mask; ; slot = (slot + 1) & mask) {
      const id = this.ids[slot]!;
      if (id === EMPTY) {
        this.keys[slot] = hash;
        this.ids[slot] = this.count;
        if (++this.count * 2 > this.keys.length) this.grow();
        return this.count - 1;
      }
      if (this.keys[slot] === hash) return id;
    }
  }

  /** Twice the slots, every entry placed again: the table stays at most half full, so probes stay short. */
  private grow(): void {
    const keys = this.keys;
    const ids = this.ids;
    this.keys = new Int32Array(keys.length * 2);
    this.ids = new Int32Array(keys.length * 2).fill(EMPTY);
    const mask = this.keys.length - 1;
    for (let i = 0; i < keys.length; i++) {
      if (ids[i] === EMPTY) continue;
      let slot = mix(keys[i]!) & mask;
      while (this.ids[slot] !== EMPTY) slot = (slot + 1) & mask;
      this.keys[slot] = keys[i]!;
      this.ids[slot] = ids[i]!;
    }
  }
}

/** The hash's bits spread over the low ones the table indexes by (FNV's low bits vary least). */
function mix(hash: number): number {
  const h = Math.imul(hash ^ (hash >>> 16), 0x45d9f3b);
  return h ^ (h >>> 16);
}
