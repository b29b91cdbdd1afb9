/** Salesforce IDs for generated records: prefix + pod + "0" + 9 base-62 digits, plus the case-safe checksum. */

const CHECKSUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZ012345";
const BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

export function sfChecksum(id15: string): string {
  let s = "";
  for (let chunk = 0; chunk < 3; chunk++) {
    let flags = 0;
    for (let i = 0; i < 5; i++) {
      const c = id15.charAt(chunk * 5 + i);
      if (c >= "A" && c <= "Z") flags |= 1 << i;
    }
    s += CHECKSUM.charAt(flags);
  }
  return s;
}

export function sfTo18(id15: string): string {
  return id15 + sfChecksum(id15);
}

function base62(n: number, width: number): string {
  let out = "";
  let rest = n;
  while (rest > 0) {
    out = BASE62.charAt(rest % 62) + out;
    rest = Math.floor(rest / 62);
  }
  return out.padStart(width, "0");
}

/** Generated IDs use the pod "Gn" so they never collide with IDs the Salesforce emulator mints. */
export function sfId(prefix: string, n: number, pod = "Gn"): string {
  // Spread consecutive counters so IDs look less sequential but stay unique (multiplier is odd,
  // and coprime with 62^9, so the mapping is a bijection).
  const spread = Number((BigInt(n) * 2_654_435_761n) % 13_537_086_546_263_552n); // 62^9
  const id = sfTo18(prefix + pod + "0" + base62(spread, 9));
  // flatten (see prng.flat) without importing it, to keep this module standalone
  return String.fromCharCode(...Array.from(id, (c) => c.charCodeAt(0)));
}
