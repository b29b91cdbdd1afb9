import { BlockList, isIP } from "node:net";
import { env } from "@/lib/env";
import { PEER_ADDRESS_HEADER } from "@/lib/auth/peer-address";

export { PEER_ADDRESS_HEADER };

// Who is calling, as far as sign-in throttling, route handlers and the audit log are concerned.
// The socket's address (stamped by lib/auth/peer-address.ts) is the truth; X-Forwarded-For is
// anyone's to write, so it is read only when the socket belongs to a proxy listed in
// TRUSTED_PROXIES, and then only up to the right-most hop that is not itself a trusted proxy.

/** Throttling key when no address can be known: one bucket shared by all such callers. */
export const UNKNOWN_CLIENT = "unknown";

type HeaderSource = Headers | Record<string, unknown> | null | undefined;

function readHeader(headers: HeaderSource, name: string): string | undefined {
  if (!headers) return undefined;
  if (headers instanceof Headers) return headers.get(name) ?? undefined;
  const value = headers[name];
  if (typeof value === "string") return value;
  if (Array.isArray(value)) return value.filter((v) => typeof v === "string").join(",");
  return undefined;
}

/**
 * A bare IP address in canonical text, or null. Accepts what sockets and proxies write:
 * IPv4-mapped IPv6 (`::ffff:10.0.0.1` → `10.0.0.1`), brackets and ports (`[::1]:443`, `10.0.0.1:80`).
 */
export function normalizeAddress(raw: string | undefined | null): string | null {
  let text = raw?.trim() ?? "";
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(text);
  if (bracketed) text = bracketed[1]!;
  else if (/^[\d.]+:\d+$/.test(text)) text = text.slice(0, text.lastIndexOf(":"));
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(text);
  if (mapped) text = mapped[1]!;
  const family = isIP(text);
  if (family === 4) return text;
  if (family === 6) return text.toLowerCase();
  return null;
}

/** A membership test for the configured proxies (entries are validated by lib/env.ts). */
export function trustedProxyMatcher(entries: readonly string[]): (address: string) => boolean {
  if (entries.length === 0) return () => false;
  const list = new BlockList();
  for (const entry of entries) {
    const [address = "", prefix] = entry.split("/");
    const normalized = normalizeAddress(address);
    if (!normalized) continue;
    const type = isIP(normalized) === 4 ? "ipv4" : "ipv6";
    if (prefix === undefined) list.addAddress(normalized, type);
    else list.addSubnet(normalized, Number(prefix), type);
  }
  return (address) => {
    try {
      return list.check(address, isIP(address) === 4 ? "ipv4" : "ipv6");
    } catch {
      return false;
    }
  };
}

/**
 * The client's address from the socket's and the X-Forwarded-For chain, or null when the socket
 * address is unknown (the header alone is never believed).
 *
 * With a trusted proxy on the socket, hops are read right to left (each proxy appends the address
 * it saw) and the first one that is not a trusted proxy is the client. A hop that is not an address
 * stops the walk at the proxy that passed it on, so garbage cannot pick a bucket either.
 */
export function resolveClientAddress(input: {
  peer: string | undefined | null;
  forwardedFor: string | undefined | null;
  isTrustedProxy: (address: string) => boolean;
}): string | null {
  const peer = normalizeAddress(input.peer);
  if (!peer) return null;
  if (!input.isTrustedProxy(peer)) return peer;
  const hops = (input.forwardedFor ?? "").split(",").filter((h) => h.trim() !== "");
  let nearest = peer;
  for (let i = hops.length - 1; i >= 0; i--) {
    const hop = normalizeAddress(hops[i]);
    if (!hop) return nearest;
    nearest = hop;
    if (!input.isTrustedProxy(hop)) return hop;
  }
  // Every hop is one of our proxies: the farthest one is the best we know.
  return nearest;
}

let matcher: ((address: string) => boolean) | undefined;

/** The calling client's address for a request's headers (a Request's or next-auth's plain object). */
export function clientAddress(headers: HeaderSource): string | null {
  matcher ??= trustedProxyMatcher(env.TRUSTED_PROXIES);
  return resolveClientAddress({
    peer: readHeader(headers, PEER_ADDRESS_HEADER),
    forwardedFor: readHeader(headers, "x-forwarded-for"),
    isTrustedProxy: matcher,
  });
}
