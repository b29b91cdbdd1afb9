import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { truncateAll } from "@/lib/testing/database";
import { changeOwnPassword, createUser, ensureAdmin, resetPassword, updateUser } from "@/lib/users/manage-users";
import { SignInError, verifyCredentials } from "@/lib/auth/verify-credentials";
import { clearFailedSignIns } from "@/lib/auth/login-throttle";
import { env } from "@/lib/env";
import { closeProducers } from "@/lib/queue/producer";

const ctx = { actor: null, ip: "127.0.0.1" };
let ipCounter = 0;
const freshIp = () => `10.0.0.${++ipCounter}`;

async function signInCode(email: string, password: string, ip = freshIp()): Promise<string> {
  try {
    await verifyCredentials({ email, password, ip });
    return "ok";
  } catch (e) {
    if (e instanceof SignInError) return e.code;
    throw e;
  }
}

beforeEach(async () => {
  await truncateAll(db);
});

afterAll(async () => {
  await closeProducers();
  await db.$disconnect();
});

describe("user management", () => {
  it("creates a user with a one-time password and audits it without secrets", async () => {
    const { user, oneTimePassword } = await createUser({ email: " Jane@Example.COM ", role: "CSM" }, ctx);
    expect(user.email).toBe("jane@example.com");
    expect(user.mustChangePassword).toBe(true);
    expect(await signInCode("jane@example.com", oneTimePassword)).toBe("ok");

    const entries = await db.auditLog.findMany({ where: { targetId: user.id } });
    expect(entries.map((e) => e.action)).toEqual(["user.create"]);
    const serialized = JSON.stringify(entries);
    expect(serialized).not.toContain(oneTimePassword);
    expect(serialized).not.toContain("scrypt$");
  });

  it("refuses a duplicate email with a sentence and a field message", async () => {
    await createUser({ email: "dup@example.com", role: "VIEWER" }, ctx);
    const error = await createUser({ email: "DUP@example.com", role: "CSM" }, ctx).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe("CONFLICT");
    expect((error as AppError).fields?.email).toMatch(/already in use/);
    expect(await db.user.count()).toBe(1);
  });

  it("changes roles and deactivates, recording before and after", async () => {
    await ensureAdmin("boss@example.com", "a-long-password");
    const boss = await db.user.findUniqueOrThrow({ where: { email: "boss@example.com" } });
    const { user } = await createUser({ email: "ops@example.com", role: "VIEWER" }, ctx);
    await updateUser(user.id, { role: "OPS" }, { actor: boss, ip: null });
    await updateUser(user.id, { active: false }, { actor: boss, ip: null });
    const log = await db.auditLog.findMany({ where: { targetId: user.id }, orderBy: { at: "asc" } });
    expect(log.map((e) => e.action)).toEqual(["user.create", "user.update", "user.deactivate"]);
    expect(log[1]?.before).toMatchObject({ role: "VIEWER" });
    expect(log[1]?.after).toMatchObject({ role: "OPS" });
    expect(log[2]?.actorEmail).toBe("boss@example.com");
  });

  it("never leaves the installation without an active admin", async () => {
    await ensureAdmin("only@example.com", "a-long-password");
    const only = await db.user.findUniqueOrThrow({ where: { email: "only@example.com" } });
    await expect(updateUser(only.id, { role: "CSM" }, ctx)).rejects.toThrow(/last active admin/);
    await expect(updateUser(only.id, { active: false }, ctx)).rejects.toThrow(/last active admin/);
    expect((await db.user.findUniqueOrThrow({ where: { id: only.id } })).role).toBe("ADMIN");
  });

  it("forces a new password after a reset and clears the flag once changed", async () => {
    const { user } = await createUser({ email: "reset@example.com", role: "CSM" }, ctx);
    const { oneTimePassword } = await resetPassword(user.id, ctx);
    await expect(changeOwnPassword(user.id, { currentPassword: "wrong", newPassword: "a-brand-new-password" }, ctx)).rejects.toThrow(
      /not right/,
    );
    await changeOwnPassword(user.id, { currentPassword: oneTimePassword, newPassword: "a-brand-new-password" }, ctx);
    const after = await db.user.findUniqueOrThrow({ where: { id: user.id } });
    expect(after.mustChangePassword).toBe(false);
    expect(await signInCode("reset@example.com", "a-brand-new-password")).toBe("ok");
    expect(await signInCode("reset@example.com", oneTimePassword)).toBe("CredentialsSignin");
  });
});

describe("sign-in", () => {
  it("refuses deactivated users with their own reason", async () => {
    const { user, oneTimePassword } = await createUser({ email: "gone@example.com", role: "CSM" }, ctx);
    await createUser({ email: "admin2@example.com", role: "ADMIN" }, ctx);
    await updateUser(user.id, { active: false }, ctx);
    expect(await signInCode("gone@example.com", oneTimePassword)).toBe("Deactivated");
  });

  it("does not reveal whether an email exists", async () => {
    await createUser({ email: "known@example.com", role: "CSM" }, ctx);
    expect(await signInCode("known@example.com", "wrong-password")).toBe("CredentialsSignin");
    expect(await signInCode("unknown@example.com", "wrong-password")).toBe("CredentialsSignin");
  });

  it("locks an account after repeated failures, even with the right password, from any address", async () => {
    const { oneTimePassword } = await createUser({ email: "target@example.com", role: "CSM" }, ctx);
    await clearFailedSignIns("target@example.com");
    for (let i = 0; i < env.LOGIN_MAX_FAILURES_PER_ACCOUNT; i++) {
      expect(await signInCode("target@example.com", `guess-${i}`)).toBe("CredentialsSignin");
    }
    expect(await signInCode("target@example.com", oneTimePassword)).toBe("Locked");
    await clearFailedSignIns("target@example.com");
    expect(await signInCode("target@example.com", oneTimePassword)).toBe("ok");
  });

  it("locks a client address that guesses across many accounts", async () => {
    const ip = "192.0.2.77";
    for (let i = 0; i < env.LOGIN_MAX_FAILURES_PER_IP; i++) {
      await signInCode(`nobody-${i}@example.com`, "guess", ip);
    }
    const { oneTimePassword } = await createUser({ email: "innocent@example.com", role: "CSM" }, ctx);
    expect(await signInCode("innocent@example.com", oneTimePassword, ip)).toBe("Locked");
    expect(await signInCode("innocent@example.com", oneTimePassword, freshIp())).toBe("ok");
  });
});
