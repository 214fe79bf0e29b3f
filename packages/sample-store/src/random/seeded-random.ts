const HEX = "0123456789abcdef";

/**
 * A small, fast, seeded pseudo-random number generator (sfc32) for reproducible sample data. Every draw depends
 * only on the seed and the stream it was created for, so the same seed always yields the same shop.
 *
 * @example
 * const rng = new SeededRandom(seedFor(42, "customer", 7));
 * rng.int(1, 6); // the same die roll on every run
 */
export class SeededRandom {
  #a: number;
  #b: number;
  #c: number;
  #d: number;

  constructor(seed: number) {
    this.#a = 0x9e3779b9;
    this.#b = 0x243f6a88;
    this.#c = 0xb7e15162;
    this.#d = seed >>> 0;
    for (let i = 0; i < 12; i++) this.nextUint32();
  }

  /** The next unsigned 32-bit integer. */
  nextUint32(): number {
    const a = this.#a;
    const b = this.#b;
    const c = this.#c;
    const d = this.#d;
    const t = (((a + b) | 0) + d) | 0;
    this.#d = (d + 1) | 0;
    this.#a = b ^ (b >>> 9);
    this.#b = (c + (c << 3)) | 0;
    const r = (c << 21) | (c >>> 11);
    this.#c = (r + t) | 0;
    return t >>> 0;
  }

  /** A float in [0, 1). */
  next(): number {
    return this.nextUint32() / 4294967296;
  }

  /** An integer in [min, max], both included. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  /** True with probability `p`. */
  chance(p: number): boolean {
    return this.next() < p;
  }

  /** One element of a non-empty array. */
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)] as T;
  }

  /** `length` lower-case hexadecimal digits. */
  hex(length: number): string {
    let s = "";
    let bits = 0;
    let word = 0;
    for (let i = 0; i < length; i++) {
      if (bits === 0) {
        word = this.nextUint32();
        bits = 8;
      }
      s += HEX[word & 15];
      word >>>= 4;
      bits--;
    }
    return s;
  }

  /** A version-4-shaped UUID. */
  uuid(): string {
    const h = this.hex(32);
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${"89ab"[this.nextUint32() & 3]}${h.slice(17, 20)}-${h.slice(20, 32)}`;
  }
}

/**
 * Derives a 32-bit seed for one stream (e.g. one customer) from the shop seed, so that streams are independent and
 * the data of customer `n` does not depend on how many customers are generated or in which batches.
 *
 * @example
 * seedFor(42, "customer", 0) === seedFor(42, "customer", 0); // true
 * seedFor(42, "customer", 0) === seedFor(42, "customer", 1); // false
 */
export function seedFor(seed: number, stream: string, index: number): number {
  let h = mix32((seed >>> 0) ^ 0x85ebca6b);
  for (let i = 0; i < stream.length; i++) h = mix32(h ^ stream.charCodeAt(i));
  h = mix32(h ^ (index >>> 0));
  return mix32(h ^ Math.floor(index / 4294967296));
}

function mix32(x: number): number {
  let z = (x + 0x9e3779b9) | 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}
