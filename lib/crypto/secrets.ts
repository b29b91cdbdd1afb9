import { createCipheriv, createDecipheriv, createHash, randomBytes } from "node:crypto";

// Secrets at rest: AES-256-GCM with a fresh 12-byte IV per seal. The envelope names the key by a
// short hash, so a keyring holding the current and previous keys can open anything sealed under
// either, and rotation can tell what still needs re-sealing. Optional associated data binds a
// ciphertext to its row: copied onto another row, it does not open.

export interface Key {
  id: string;
  bytes: Buffer;
}

export interface Keyring {
  current: Key;
  all: Map<string, Key>;
}

const VERSION = "v1";

function toKey(base64: string, name: string): Key {
  const bytes = Buffer.from(base64.trim(), "base64");
  if (bytes.length !== 32) {
    throw new Error(`${name} must be 32 random bytes in base64 (openssl rand -base64 32); it decodes to ${bytes.length} bytes.`);
  }
  return { id: createHash("sha256").update(bytes).digest("base64url").slice(0, 8), bytes };
}

export function parseKeyring(input: { current: string; previous?: string[] }): Keyring {
  const current = toKey(input.current, "SECRETS_KEY");
  const all = new Map<string, Key>([[current.id, current]]);
  for (const [i, previous] of (input.previous ?? []).entries()) {
    const key = toKey(previous, `SECRETS_KEY_PREVIOUS[${i}]`);
    if (!all.has(key.id)) all.set(key.id, key);
  }
  return { current, all };
}

export function generateKey(): string {
  return randomBytes(32).toString("base64");
}

export function encryptSecret(plaintext: string, keyring: Keyring, associatedData?: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", keyring.current.bytes, iv);
  if (associatedData !== undefined) cipher.setAAD(Buffer.from(associatedData, "utf8"));
  const ciphertext = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return [VERSION, keyring.current.id, iv.toString("base64url"), cipher.getAuthTag().toString("base64url"), ciphertext.toString("base64url")].join(".");
}

function parseEnvelope(envelope: string) {
  const parts = envelope.split(".");
  if (parts.length !== 5 || parts[0] !== VERSION) throw new Error("This stored secret is damaged or not in a format Clearinghouse knows.");
  const [, keyId, iv, tag, data] = parts as [string, string, string, string, string];
  return { keyId, iv: Buffer.from(iv, "base64url"), tag: Buffer.from(tag, "base64url"), data: Buffer.from(data, "base64url") };
}

export function decryptSecret(envelope: string, keyring: Keyring, associatedData?: string): string {
  const parsed = parseEnvelope(envelope);
  const key = keyring.all.get(parsed.keyId);
  if (!key) {
    throw new Error(
      "This secret was encrypted with a key this installation no longer has. Set that key as SECRETS_KEY_PREVIOUS, or reconnect the integration.",
    );
  }
  try {
    const decipher = createDecipheriv("aes-256-gcm", key.bytes, parsed.iv);
    if (associatedData !== undefined) decipher.setAAD(Buffer.from(associatedData, "utf8"));
    decipher.setAuthTag(parsed.tag);
    return Buffer.concat([decipher.update(parsed.data), decipher.final()]).toString("utf8");
  } catch {
    throw new Error("This stored secret failed its integrity check (altered, or moved from another record). Reconnect the integration.");
  }
}

/** True when the envelope was sealed under a key other than the current one. */
export function needsReencryption(envelope: string, keyring: Keyring): boolean {
  return parseEnvelope(envelope).keyId !== keyring.current.id;
}
