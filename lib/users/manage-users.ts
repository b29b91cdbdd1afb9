import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { Prisma } from "@/lib/generated/prisma/client";
import { generateOneTimePassword, hashPassword, verifyPassword } from "@/lib/auth/password";
import { endSessions } from "@/lib/auth/session-version";
import { recordAudit, type Actor } from "@/lib/audit/record-audit";
import {
  changePasswordSchema,
  createUserSchema,
  updateUserSchema,
  type CreateUserInput,
  type UpdateUserInput,
} from "@/lib/users/schemas";
import { auditShape, toUserView, type UserView } from "@/lib/users/user-view";

export interface Context {
  actor: Actor | null;
  ip?: string | null;
}

export async function listUsers(): Promise<UserView[]> {
  const users = await db.user.findMany({ orderBy: [{ active: "desc" }, { email: "asc" }] });
  return users.map(toUserView);
}

/** Creates a user with a one-time password, returned once and never stored in clear. */
export async function createUser(
  input: CreateUserInput,
  ctx: Context,
): Promise<{ user: UserView; oneTimePassword: string }> {
  const data = createUserSchema.parse(input);
  const oneTimePassword = generateOneTimePassword();
  const passwordHash = await hashPassword(oneTimePassword);
  try {
    const user = await db.$transaction(async (tx) => {
      const created = await tx.user.create({
        data: { email: data.email, name: data.name, role: data.role, passwordHash, mustChangePassword: true },
      });
      await recordAudit(tx, {
        actor: ctx.actor,
        action: "user.create",
        targetType: "User",
        targetId: created.id,
        after: auditShape(created),
        ip: ctx.ip,
      });
      return created;
    });
    return { user: toUserView(user), oneTimePassword };
  } catch (e) {
    if (e instanceof Prisma.PrismaClientKnownRequestError && e.code === "P2002") {
      throw new AppError("CONFLICT", `A user with the email ${data.email} already exists. Change their role instead.`, {
        email: "This email is already in use",
      });
    }
    throw e;
  }
}

export async function updateUser(id: string, input: UpdateUserInput, ctx: Context): Promise<UserView> {
  const data = updateUserSchema.parse(input);
  return db.$transaction(async (tx) => {
    const before = await tx.user.findUnique({ where: { id } });
    if (!before) throw new AppError("NOT_FOUND", "That user no longer exists. Reload the list.");
    const losesAdmin = before.role === "ADMIN" && before.active && (data.active === false || (data.role && data.role !== "ADMIN"));
    if (losesAdmin) {
      const otherAdmins = await tx.user.count({ where: { role: "ADMIN", active: true, id: { not: id } } });
      if (otherAdmins === 0) {
        throw new AppError("CONFLICT", "This is the last active admin. Make another user an admin first.");
      }
    }
    if (ctx.actor?.id === id && data.active === false) {
      throw new AppError("CONFLICT", "You cannot deactivate yourself. Ask another admin.");
    }
    // A deactivation ends the user's sessions for good: reactivating must not revive them.
    const after = await tx.user.update({ where: { id }, data: data.active === false ? { ...data, ...endSessions } : data });
    const action = data.active === false ? "user.deactivate" : data.active === true && !before.active ? "user.reactivate" : "user.update";
    await recordAudit(tx, {
      actor: ctx.actor,
      action,
      targetType: "User",
      targetId: id,
      before: auditShape(before),
      after: auditShape(after),
      ip: ctx.ip,
    });
    return toUserView(after);
  });
}

export async function resetPassword(id: string, ctx: Context): Promise<{ oneTimePassword: string }> {
  const oneTimePassword = generateOneTimePassword();
  const passwordHash = await hashPassword(oneTimePassword);
  await db.$transaction(async (tx) => {
    const user = await tx.user.findUnique({ where: { id } });
    if (!user) throw new AppError("NOT_FOUND", "That user no longer exists. Reload the list.");
    await tx.user.update({ where: { id }, data: { passwordHash, mustChangePassword: true, ...endSessions } });
    await recordAudit(tx, { actor: ctx.actor, action: "user.reset-password", targetType: "User", targetId: id, ip: ctx.ip });
  });
  return { oneTimePassword };
}

export async function changeOwnPassword(userId: string, input: unknown, ctx: Context): Promise<void> {
  const data = changePasswordSchema.parse(input);
  const user = await db.user.findUnique({ where: { id: userId } });
  if (!user?.passwordHash) throw new AppError("NOT_FOUND", "Your account has no password; sign in with single sign-on.");
  if (!(await verifyPassword(data.currentPassword, user.passwordHash))) {
    throw new AppError("INVALID_INPUT", "The current password is not right.", { currentPassword: "Not right" });
  }
  const passwordHash = await hashPassword(data.newPassword);
  await db.$transaction(async (tx) => {
    // Ends every session, this one included: the form signs in again with the new password.
    await tx.user.update({ where: { id: userId }, data: { passwordHash, mustChangePassword: false, ...endSessions } });
    await recordAudit(tx, { actor: ctx.actor, action: "user.change-password", targetType: "User", targetId: userId, ip: ctx.ip });
  });
}

/** First admin for a new installation; idempotent. */
export async function ensureAdmin(email: string, password: string): Promise<{ created: boolean }> {
  const existing = await db.user.findUnique({ where: { email: email.toLowerCase() } });
  if (existing) return { created: false };
  const passwordHash = await hashPassword(password);
  await db.$transaction(async (tx) => {
    const user = await tx.user.create({ data: { email: email.toLowerCase(), name: "Admin", role: "ADMIN", passwordHash } });
    await recordAudit(tx, { actor: null, action: "user.create", targetType: "User", targetId: user.id, after: auditShape(user) });
  });
  return { created: true };
}
