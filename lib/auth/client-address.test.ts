import { afterEach, describe, expect, it, vi } from "vitest";
import { normalizeAddress, resolveClientAddress, trustedProxyMatcher } from "@/lib/auth/client-address";

const none = trustedProxyMatcher([]);

describe("client address without trusted proxies", () => {
  it("is the socket's address whatever X-Forwarded-For says", () => {
    const seen = new Set<string | null>();
    for (let i = 0; i < 40; i++) {
      seen.add(resolveClientAddress({ peer: "203.0.113.9", forwardedFor: `10.0.${i}.1, 192.0.2.${i}`, isTrustedProxy: none }));
    }
    expect([...seen]).toEqual(["203.0.113.9"]);
  });

  it("is unknown, not the header, when the socket address is missing or not an address", () => {
    expect(resolveClientAddress({ peer: undefined, forwardedFor: "192.0.2.1", isTrustedProxy: none })).toBeNull();
    expect(resolveClientAddress({ peer: "not-an-ip", forwardedFor: "192.0.2.1", isTrustedProxy: none })).toBeNull();
  });
});

describe("client address behind trusted proxies", () => {
  const trusted = trustedProxyMatcher(["10.0.0.0/8", "fd00::/8", "192.0.2.10"]);

  it("takes the right-most hop that is not a trusted proxy", () => {
    // client → 10.1.1.1 (edge) → 10.2.2.2 (internal) → us; the client prepended a lie.
    expect(resolveClientAddress({ peer: "10.2.2.2", forwardedFor: "6.6.6.6, 198.51.100.7, 10.1.1.1", isTrustedProxy: trusted })).toBe(
      "198.51.100.7",
    );
    expect(resolveClientAddress({ peer: "::ffff:192.0.2.10", forwardedFor: "2001:db8::5", isTrustedProxy: trusted })).toBe("2001:db8::5");
    expect(resolveClientAddress({ peer: "fd00::1", forwardedFor: "[2001:DB8::6]:4711", isTrustedProxy: trusted })).toBe("2001:db8::6");
  });

  it("ignores X-Forwarded-For from a socket that is not a trusted proxy", () => {
    expect(resolveClientAddress({ peer: "198.51.100.8", forwardedFor: "10.1.1.1", isTrustedProxy: trusted })).toBe("198.51.100.8");
  });

  it("stops at the proxy that passed on a hop that is not an address", () => {
    expect(resolveClientAddress({ peer: "10.2.2.2", forwardedFor: "198.51.100.7, garbage, 10.1.1.1", isTrustedProxy: trusted })).toBe(
      "10.1.1.1",
    );
  });

  it("falls back to the farthest proxy when every hop is trusted or none is given", () => {
    expect(resolveClientAddress({ peer: "10.2.2.2", forwardedFor: "10.9.9.9, 10.1.1.1", isTrustedProxy: trusted })).toBe("10.9.9.9");
    expect(resolveClientAddress({ peer: "10.2.2.2", forwardedFor: undefined, isTrustedProxy: trusted })).toBe("10.2.2.2");
  });
});

describe("address normalisation", () => {
  it("accepts what sockets and proxies write and refuses the rest", () => {
    expect(normalizeAddress("::ffff:127.0.0.1")).toBe("127.0.0.1");
    expect(normalizeAddress(" 192.0.2.1:8080 ")).toBe("192.0.2.1");
    expect(normalizeAddress("[::1]")).toBe("::1");
    expect(normalizeAddress("unknown")).toBeNull();
    expect(normalizeAddress("192.0.2.1\n")).toBe("192.0.2.1");
    expect(normalizeAddress("")).toBeNull();
  });
});

describe("TRUSTED_PROXIES", () => {
  afterEach(() => {
    vi.unstubAllEnvs();
    vi.resetModules();
  });

  it("is empty by default and takes addresses and ranges", async () => {
    vi.stubEnv("TRUSTED_PROXIES", "");
    vi.resetModules();
    expect((await import("@/lib/env")).env.TRUSTED_PROXIES).toEqual([]);
    vi.stubEnv("TRUSTED_PROXIES", " 10.0.0.0/8, 192.0.2.10 ,fd00::/8");
    vi.resetModules();
    expect((await import("@/lib/env")).env.TRUSTED_PROXIES).toEqual(["10.0.0.0/8", "192.0.2.10", "fd00::/8"]);
  });

  it("refuses anything that is not an address or a range, naming it", async () => {
    for (const bad of ["10.0.0.0/33", "proxy.internal", "10.0.0.1/8/1", "*"]) {
      vi.stubEnv("TRUSTED_PROXIES", bad);
      vi.resetModules();
      await expect(import("@/lib/env"), bad).rejects.toThrow(/TRUSTED_PROXIES/);
    }
  });
});
