// Salesforce record IDs: 15 case-sensitive base-62 characters (3-char key prefix, 2-char pod,
// 1 reserved, 9-char record number) plus a 3-character case-safe checksum that makes the
// 18-character form survive case-insensitive systems (spreadsheets, some databases).

const CHECKSUM_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ012345";
// Digits first, then upper, then lower: base-62 numbers then sort by plain string comparison,
// so generated IDs come out in creation order (useful for `ORDER BY Id` cursors).
const BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
const ID15 = /^[a-zA-Z0-9]{15}$/;
const ID18 = /^[a-zA-Z0-9]{18}$/;

export function checksumSuffix(id15: string): string {
  let suffix = "";
  for (let chunk = 0; chunk < 3; chunk++) {
    let flags = 0;
    for (let i = 0; i < 5; i++) {
      const c = id15.charCodeAt(chunk * 5 + i);
      if (c >= 65 && c <= 90) flags |= 1 << i;
    }
    suffix += CHECKSUM_ALPHABET.charAt(flags);
  }
  return suffix;
}

export function to18(id15: string): string {
  return id15 + checksumSuffix(id15);
}

/**
 * Normalises a 15- or 18-character ID to its 18-character form, or undefined when the input is
 * not an ID. An 18-character input must carry the correct checksum: a lowercased or truncated
 * ID is a real bug in a client, and the emulator should surface it rather than guess.
 */
export function normalizeId(value: string): string | undefined {
  if (ID15.test(value)) return to18(value);
  if (ID18.test(value)) {
    const id15 = value.slice(0, 15);
    return checksumSuffix(id15) === value.slice(15).toUpperCase() ? id15 + value.slice(15).toUpperCase() : undefined;
  }
  return undefined;
}

export function isIdShaped(value: string): boolean {
  return ID15.test(value) || ID18.test(value);
}

export function encodeBase62(n: number, width: number): string {
  let out = "";
  let rest = Math.floor(n);
  while (rest > 0) {
    out = BASE62.charAt(rest % 62) + out;
    rest = Math.floor(rest / 62);
  }
  if (out.length > width) throw new Error(`ID counter ${n} does not fit in ${width} base-62 digits`);
  return out.padStart(width, "0");
}

/**
 * Deterministic ID source: the seed picks the 2-char "pod", the counter is shared by all
 * prefixes. IDs already present (loaded from a fixture) are skipped, never reused.
 */
export class IdGenerator {
  private counter = 0;
  readonly pod: string;

  constructor(
    seed: number,
    private readonly isTaken: (id18: string) => boolean = () => false,
  ) {
    const s = Math.abs(Math.floor(seed)) % (62 * 62);
    this.pod = BASE62.charAt(Math.floor(s / 62)) + BASE62.charAt(s % 62);
  }

  /** `alsoTaken` covers IDs about to be loaded that the store does not hold yet. */
  next(keyPrefix: string, alsoTaken?: ReadonlySet<string>): string {
    if (keyPrefix.length !== 3) throw new Error(`Key prefix must be 3 characters: ${keyPrefix}`);
    for (;;) {
      this.counter += 1;
      const id = to18(keyPrefix + this.pod + "0" + encodeBase62(this.counter, 9));
      if (!this.isTaken(id) && !alsoTaken?.has(id)) return id;
    }
  }

  getCounter(): number {
    return this.counter;
  }

  setCounter(counter: number): void {
    this.counter = Math.max(this.counter, counter);
  }
}
