import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { truncateAll } from "@/lib/testing/database";
import { closeProducers } from "@/lib/queue/producer";
import { createUser } from "@/lib/users/manage-users";
import { NextAuthTestClient } from "@/lib/auth/next-auth.testing";
import { PEER_ADDRESS_HEADER } from "@/lib/auth/client-address";

// Hardening, "Sign-in and sessions": rotating X-Forwarded-For sprayed 40 wrong passwords across
// 10 accounts without a lockout. Here every attempt goes through next-auth's real credentials
// callback, as the sign-in form sends it, from one socket address with a new forwarded address
// each time. No TRUSTED_PROXIES is configured in tests, so the header must count for nothing.

const errorOf = (url: string | null) => (url ? new URL(url, "http://localhost:3000").searchParams.get("error") : "no url");

beforeAll(async () => {
  await truncateAll(db);
});

afterAll(async () => {
  await closeProducers();
  await db.$disconnect();
});

describe("per-address sign-in throttling", () => {
  it("locks the socket address however X-Forwarded-For rotates", async () => {
    const peer = "203.0.113.50";
    const codes: (string | null)[] = [];
    for (let i = 0; i < 40; i++) {
      const client = new NextAuthTestClient({ [PEER_ADDRESS_HEADER]: peer, "x-forwarded-for": `10.${i}.0.${i + 1}` });
      codes.push(errorOf((await client.signIn(`sprayed-${i % 10}@example.com`, `guess-${i}`)).url));
    }
    // Each account saw 4 guesses (under its own limit of 5): only the per-address limit can stop this.
    expect(env.LOGIN_MAX_FAILURES_PER_ACCOUNT).toBeGreaterThan(4);
    expect(codes.slice(0, env.LOGIN_MAX_FAILURES_PER_IP)).toEqual(Array(env.LOGIN_MAX_FAILURES_PER_IP).fill("CredentialsSignin"));
    expect(codes.slice(env.LOGIN_MAX_FAILURES_PER_IP)).toEqual(Array(40 - env.LOGIN_MAX_FAILURES_PER_IP).fill("Locked"));

    // A real user signing in from that address is held back too; from another address they get in.
    const { oneTimePassword } = await createUser({ email: "bystander@example.com", role: "CSM" }, { actor: null });
    const spoofed = new NextAuthTestClient({ [PEER_ADDRESS_HEADER]: peer, "x-forwarded-for": "192.0.2.200" });
    expect(errorOf((await spoofed.signIn("bystander@example.com", oneTimePassword)).url)).toBe("Locked");
    const elsewhere = new NextAuthTestClient({ [PEER_ADDRESS_HEADER]: "203.0.113.51", "x-forwarded-for": peer });
    expect(errorOf((await elsewhere.signIn("bystander@example.com", oneTimePassword)).url)).toBeNull();
  });

  it("without a known socket address, every attempt shares one bucket rather than trusting the header", async () => {
    const codes: (string | null)[] = [];
    for (let i = 0; i < env.LOGIN_MAX_FAILURES_PER_IP + 2; i++) {
      const client = new NextAuthTestClient({ "x-forwarded-for": `172.16.${i}.1` });
      codes.push(errorOf((await client.signIn(`nobody-${i % 10}@example.com`, `guess-${i}`)).url));
    }
    expect(codes.at(-1)).toBe("Locked");
  });
});
