import { describe, expect, it } from "vitest";
import { decryptSecret, encryptSecret, generateKey, needsReencryption, parseKeyring } from "@/lib/crypto/secrets";

const oldKey = generateKey();
const newKey = generateKey();

describe("secret envelopes", () => {
  it("round-trips and never contains the plaintext", () => {
    const ring = parseKeyring({ current: oldKey });
    const sealed = encryptSecret("refresh-token-123", ring, "row-1");
    expect(sealed).toMatch(/^v1\.[\w-]{8}\./);
    expect(sealed).not.toContain("refresh-token-123");
    expect(decryptSecret(sealed, ring, "row-1")).toBe("refresh-token-123");
    expect(encryptSecret("refresh-token-123", ring, "row-1")).not.toBe(sealed);
  });

  it("detects tampering and a different row", () => {
    const ring = parseKeyring({ current: oldKey });
    const sealed = encryptSecret("secret", ring, "row-1");
    const parts = sealed.split(".");
    const data = Buffer.from(parts[4]!, "base64url");
    data[0] = data[0]! ^ 1;
    parts[4] = data.toString("base64url");
    expect(() => decryptSecret(parts.join("."), ring, "row-1")).toThrow(/integrity/);
    expect(() => decryptSecret(sealed, ring, "row-2")).toThrow(/integrity/);
    expect(() => decryptSecret("garbage", ring)).toThrow(/damaged/);
  });

  it("rotates: old envelopes open with the previous key and are re-sealed under the new one", () => {
    const sealed = encryptSecret("secret", parseKeyring({ current: oldKey }), "row");
    const rotating = parseKeyring({ current: newKey, previous: [oldKey] });
    expect(needsReencryption(sealed, rotating)).toBe(true);
    const resealed = encryptSecret(decryptSecret(sealed, rotating, "row"), rotating, "row");
    expect(needsReencryption(resealed, rotating)).toBe(false);
    const after = parseKeyring({ current: newKey });
    expect(decryptSecret(resealed, after, "row")).toBe("secret");
    expect(() => decryptSecret(sealed, after, "row")).toThrow(/SECRETS_KEY_PREVIOUS/);
  });

  it("refuses keys that are not 32 bytes", () => {
    expect(() => parseKeyring({ current: Buffer.alloc(16).toString("base64") })).toThrow(/32 random bytes/);
  });
});
