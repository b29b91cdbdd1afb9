/**
 * Seeded randomness for the demo-data generator. Never Math.random: every value derives from
 * (seed, stream name, index) so one account's data does not depend on how many random numbers
 * an earlier account consumed, and the same seed always gives byte-identical output.
 */

/** 32-bit string/number hash (murmur-style mix). */
export function hash32(...parts: Array<string | number>): number {
  let h = 0x9e3779b9;
  for (const p of parts) {
    const s = typeof p === "number" ? `#${p}` : p;
    for (let i = 0; i < s.length; i++) {
      h = Math.imul(h ^ s.charCodeAt(i), 0x5bd1e995);
      h ^= h >>> 13;
    }
    h = Math.imul(h ^ 0x2f, 0x27d4eb2d);
  }
  h ^= h >>> 15;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  return h >>> 0;
}

const codeBuf: number[] = [];

/**
 * A flat (sequential) copy of a string. Strings built with + or template literals are V8
 * "cons strings" (a tree of pieces, ~32 bytes per node) and slices keep their parent alive;
 * millions of generated IDs and timestamps would otherwise cost several times their length.
 */
export function flat(s: string): string {
  const n = s.length;
  if (n <= 1) return s;
  codeBuf.length = n;
  for (let i = 0; i < n; i++) codeBuf[i] = s.charCodeAt(i);
  return String.fromCharCode.apply(null, codeBuf);
}

const HEX = "0123456789abcdef";

export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seed: number) {
    // sfc32 seeded through splitmix-style scrambling
    this.a = seed ^ 0xdeadbeef;
    this.b = Math.imul(seed, 0x9e3779b1) ^ 0x41c6ce57;
    this.c = Math.imul(seed ^ 0x5bd1e995, 0x85ebca6b);
    this.d = 1;
    for (let i = 0; i < 12; i++) this.next();
  }

  static of(...parts: Array<string | number>): Rng {
    return new Rng(hash32(...parts));
  }

  /** Uniform in [0, 1). */
  next(): number {
    this.a >>>= 0;
    this.b >>>= 0;
    this.c >>>= 0;
    this.d >>>= 0;
    let t = (this.a + this.b) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.d = (this.d + 1) | 0;
    t = (t + this.d) | 0;
    this.c = (this.c + t) | 0;
    return (t >>> 0) / 4294967296;
  }

  /** Integer in [min, max] inclusive. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  float(min: number, max: number): number {
    return min + this.next() * (max - min);
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)]!;
  }

  /** Weighted pick: weights need not sum to 1. */
  weighted<T>(items: ReadonlyArray<readonly [T, number]>): T {
    let total = 0;
    for (const [, w] of items) total += w;
    let r = this.next() * total;
    for (const [v, w] of items) {
      r -= w;
      if (r < 0) return v;
    }
    return items[items.length - 1]![0];
  }

  /** Geometric-ish positive integer with the given mean (>= 1). */
  geometric(mean: number): number {
    if (mean <= 1) return 1;
    const p = 1 / mean;
    return 1 + Math.floor(Math.log(1 - this.next()) / Math.log(1 - p));
  }

  /** Approximately normal (sum of uniforms). */
  normal(mean: number, sd: number): number {
    return mean + sd * (this.next() + this.next() + this.next() + this.next() - 2) * 1.7320508;
  }

  /** k distinct indices from [0, n) with the given weights (no replacement). */
  sampleWeighted(weights: readonly number[], k: number): number[] {
    const w = weights.slice();
    const out: number[] = [];
    for (let j = 0; j < k && j < w.length; j++) {
      let total = 0;
      for (const x of w) total += x;
      if (total <= 0) break;
      let r = this.next() * total;
      let idx = 0;
      for (; idx < w.length; idx++) {
        r -= w[idx]!;
        if (r < 0) break;
      }
      idx = Math.min(idx, w.length - 1);
      out.push(idx);
      w[idx] = 0;
    }
    return out;
  }

  /** n lowercase hex digits, as a flat string. */
  hex(n: number): string {
    codeBuf.length = n;
    for (let i = 0; i < n; i++) codeBuf[i] = HEX.charCodeAt(Math.floor(this.next() * 16));
    return String.fromCharCode.apply(null, codeBuf);
  }

  /** A v4-layout UUID, as a flat string. */
  uuid(): string {
    codeBuf.length = 36;
    for (let i = 0; i < 36; i++) {
      if (i === 8 || i === 13 || i === 18 || i === 23) codeBuf[i] = 45;
      else if (i === 14) codeBuf[i] = 52; // "4"
      else if (i === 19) codeBuf[i] = HEX.charCodeAt(8 + Math.floor(this.next() * 4));
      else codeBuf[i] = HEX.charCodeAt(Math.floor(this.next() * 16));
    }
    return String.fromCharCode.apply(null, codeBuf);
  }
}
