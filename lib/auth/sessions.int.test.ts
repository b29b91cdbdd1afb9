import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { truncateAll } from "@/lib/testing/database";
import { closeProducers } from "@/lib/queue/producer";
import { changeOwnPassword, createUser, resetPassword, updateUser } from "@/lib/users/manage-users";
import { clientWithCookie, NextAuthTestClient } from "@/lib/auth/next-auth.testing";
import { PEER_ADDRESS_HEADER } from "@/lib/auth/client-address";

// Hardening, "Sign-in and sessions": a copied session cookie must stop working after sign-out,
// a password change, an admin reset and a deactivation (also once the user is reactivated).
// Every check goes through next-auth's real handler with our options: GET /api/auth/session runs
// the same jwt/session callbacks as getServerSession, which getCurrentUser (pages and API) calls.

const PASSWORD = "a-long-enough-password";
let n = 0;
// Each test signs in from its own address so sign-in throttling never interferes.
const freshClient = () => new NextAuthTestClient({ [PEER_ADDRESS_HEADER]: `198.51.100.${++n}` });

async function userWithPassword(email: string, role: "CSM" | "ADMIN" = "CSM") {
  const { user, oneTimePassword } = await createUser({ email, role }, { actor: null });
  await changeOwnPassword(user.id, { currentPassword: oneTimePassword, newPassword: PASSWORD }, { actor: null });
  return user;
}

async function signedIn(email: string, password = PASSWORD) {
  const client = freshClient();
  const r = await client.signIn(email, password);
  expect(r.url ?? "", JSON.stringify(r)).not.toMatch(/error=/);
  const cookie = client.sessionCookie();
  expect(cookie).toBeTruthy();
  expect((await client.session())?.user?.email).toBe(email);
  return { client, cookie: cookie! };
}

beforeEach(async () => {
  await truncateAll(db);
});

afterAll(async () => {
  await closeProducers();
  await db.$disconnect();
});

describe("sessions end when they should", () => {
  it("a copied cookie stops working after sign-out", async () => {
    await userWithPassword("out@example.com");
    const { client, cookie } = await signedIn("out@example.com");
    await client.signOut();
    expect(client.sessionCookie()).toBeUndefined();
    expect(await clientWithCookie(cookie).session()).toBeNull();
  });

  it("sign-out with an already stale cookie does not end the user's newer session", async () => {
    await userWithPassword("stale@example.com");
    const first = await signedIn("stale@example.com");
    await first.client.signOut();
    const second = await signedIn("stale@example.com");
    await clientWithCookie(first.cookie).signOut();
    expect((await clientWithCookie(second.cookie).session())?.user?.email).toBe("stale@example.com");
  });

  it("a password change ends every earlier session", async () => {
    const user = await userWithPassword("change@example.com");
    const { cookie } = await signedIn("change@example.com");
    await changeOwnPassword(user.id, { currentPassword: PASSWORD, newPassword: "another-long-password" }, { actor: user });
    expect(await clientWithCookie(cookie).session()).toBeNull();
    // ...and the new password gives a working session.
    await signedIn("change@example.com", "another-long-password");
  });

  it("an admin's password reset ends the user's sessions", async () => {
    const user = await userWithPassword("reset@example.com");
    const { cookie } = await signedIn("reset@example.com");
    await resetPassword(user.id, { actor: null });
    expect(await clientWithCookie(cookie).session()).toBeNull();
  });

  it("a session from before a deactivation does not come back with reactivation", async () => {
    await userWithPassword("boss@example.com", "ADMIN");
    const user = await userWithPassword("away@example.com");
    const { cookie } = await signedIn("away@example.com");
    await updateUser(user.id, { active: false }, { actor: null });
    expect(await clientWithCookie(cookie).session()).toBeNull();
    await updateUser(user.id, { active: true }, { actor: null });
    expect(await clientWithCookie(cookie).session()).toBeNull();
    await signedIn("away@example.com");
  });

  it("a role change alone keeps the session", async () => {
    await userWithPassword("boss@example.com", "ADMIN");
    const user = await userWithPassword("promoted@example.com");
    const { cookie } = await signedIn("promoted@example.com");
    await updateUser(user.id, { role: "OPS" }, { actor: null });
    expect((await clientWithCookie(cookie).session())?.user?.email).toBe("promoted@example.com");
  });
});

describe("where next-auth sends the browser after sign-in", () => {
  for (const callbackUrl of ["//evil.example/x", "/\\evil.example/x", "https://evil.example/x", "/%5C%5Cevil.example", "javascript:alert(1)"]) {
    it(`stays on this origin for ${callbackUrl}`, async () => {
      await userWithPassword("redirect@example.com");
      const r = await freshClient().signIn("redirect@example.com", PASSWORD, callbackUrl);
      const target = new URL(r.url ?? "");
      expect(target.origin).toBe("http://localhost:3000");
      expect(target.pathname).not.toMatch(/^\/[/\\]/);
      expect(decodeURIComponent(target.pathname)).not.toContain("\\");
    });
  }

  it("keeps a same-origin path with its query", async () => {
    await userWithPassword("redirect@example.com");
    const r = await freshClient().signIn("redirect@example.com", PASSWORD, "/sync?tab=runs");
    expect(r.url).toBe("http://localhost:3000/sync?tab=runs");
  });
});
