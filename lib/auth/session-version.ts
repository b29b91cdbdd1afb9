import type { JWT } from "next-auth/jwt";
import { db } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";

// A session token (JWT) cannot be revoked once issued, so each token carries the user's
// `sessionVersion` from sign-in and every request compares it with the database. Signing out,
// changing or resetting the password, and deactivating bump the number: every token issued before
// is then signed out, including copies of the cookie and sessions on other devices.

declare module "next-auth" {
  interface Session {
    /** The token's `sv`, so getCurrentUser checks it against the row it loads anyway. */
    sessionVersion?: number;
  }
}

declare module "next-auth/jwt" {
  interface JWT {
    /** User.sessionVersion when this token was issued. */
    sv?: number;
  }
}

/** Thrown from next-auth's jwt callback: next-auth then treats the token as absent and clears it. */
export class SessionEndedError extends Error {
  constructor() {
    super("session ended: signed out, password changed or reset, or deactivated since it was issued");
    this.name = "SessionEndedError";
  }
}

/** The user a token still speaks for, or null when it is stale, the user is gone or deactivated. */
export async function userForToken(token: Pick<JWT, "uid" | "sv">) {
  if (typeof token.uid !== "string" || typeof token.sv !== "number") return null;
  const user = await db.user.findUnique({ where: { id: token.uid } });
  if (!user || !user.active || user.sessionVersion !== token.sv) return null;
  return user;
}

/** Part of an update: ends every session issued so far. */
export const endSessions = { sessionVersion: { increment: 1 } } satisfies Prisma.UserUpdateInput;

/** Sign-out: ends the user's sessions, unless the token signing out is already stale. */
export async function endSessionsOnSignOut(token: Pick<JWT, "uid" | "sv"> | null | undefined): Promise<void> {
  if (typeof token?.uid !== "string" || typeof token.sv !== "number") return;
  // Conditional on the version, so replaying an old copied cookie cannot sign the user out again.
  await db.user.updateMany({ where: { id: token.uid, sessionVersion: token.sv }, data: endSessions });
}
