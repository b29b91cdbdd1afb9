import { z } from "zod";
import { db } from "@/lib/db";
import { can, type RoleName } from "@/lib/auth/permissions";
import { recordAudit } from "@/lib/audit/record-audit";
import { AppError } from "@/lib/errors";
import { logger } from "@/lib/logger";
import type { Prisma } from "@/lib/generated/prisma/client";
import { accountNotFound, OPERATOR } from "@/lib/auth/data-scope";
import { findVisibleAccount } from "@/lib/accounts/account-page-scope";
import { csmFieldName } from "@/lib/accounts/csm/csm-field";
import { pulledCsmId } from "@/lib/accounts/csm/effective-csm";
import { enqueueCsmPush } from "@/lib/accounts/csm/enqueue-csm-push";

// Sets an account's CSM in Clearinghouse (issue 13): the assignment, its history entry and the
// audit entry commit together, then a job pushes it to Salesforce within seconds. The first change
// of an account is Clearinghouse taking over from Salesforce: the value it found there is recorded
// first (source "salesforce"), so the history and "first assigned" start where the account did.

export type CsmChangeSource = "console" | "cli";

export interface CsmActor {
  id: string;
  email: string;
  role: RoleName;
}

export interface SetCsmContext {
  /** The signed-in user; null for the command line, which operators run with the server's trust. */
  actor: CsmActor | null;
  source: CsmChangeSource;
  /** Who the history names when there is no actor (the command line's --by); "command line" otherwise. */
  by?: string;
  ip?: string | null;
  now?: Date;
}

export interface SetCsmResult {
  accountId: string;
  sfUserId: string | null;
  changed: boolean;
  /** False when Redis could not take the job: the change is saved, and the next pull pushes it. */
  pushQueued: boolean;
  message: string;
}

type Tx = Prisma.TransactionClient;
type SfUserRef = { id: string; name: string | null; email: string | null };

async function assignableUser(integrationId: string, sfUserId: string): Promise<SfUserRef> {
  const user = await db.sfUser.findUnique({ where: { integrationId_id: { integrationId, id: sfUserId } }, select: { id: true, name: true, email: true, isActive: true } });
  if (!user) {
    throw new AppError("INVALID_INPUT", `There is no Salesforce user ${sfUserId} in the hub. Pick a user from the list; a user added in Salesforce appears after the next pull.`, { sfUserId: "Not a Salesforce user the hub knows." });
  }
  if (!user.isActive) {
    const who = user.name ?? user.email ?? user.id;
    throw new AppError("INVALID_INPUT", `${who} is inactive in Salesforce and cannot be an account's CSM. Pick an active user.`, { sfUserId: "Inactive in Salesforce." });
  }
  return user;
}

/** Locks the account's CSM for the transaction: changes to one account are applied one at a time. */
async function lockAccount(tx: Tx, integrationId: string, accountId: string): Promise<void> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`account-csm:${integrationId}:${accountId}`}))`;
}

const label = (u: SfUserRef | null) => (u ? (u.name ?? u.email ?? u.id) : "no CSM");

export async function setAccountCsm(accountId: string, sfUserId: string | null, ctx: SetCsmContext): Promise<SetCsmResult> {
  if (ctx.actor && !can(ctx.actor.role, "accounts.csm")) {
    throw new AppError("FORBIDDEN", "Only admins and operations can change an account's CSM. Ask one of them.");
  }
  // The command line sees every account; a signed-in user only those of their sharing groups.
  const account = await findVisibleAccount(accountId, ctx.actor ?? OPERATOR);
  if (!account) throw accountNotFound(accountId);
  const { integrationId } = account;
  const user = sfUserId === null ? null : await assignableUser(integrationId, sfUserId);
  const now = ctx.now ?? new Date();
  const by = ctx.actor?.email ?? ctx.by ?? "command line";
  const fieldName = await csmFieldName(integrationId);

  const outcome = await db.$transaction(async (tx) => {
    await lockAccount(tx, integrationId, account.id);
    const current = await tx.accountCsm.findUnique({ where: { integrationId_accountId: { integrationId, accountId: account.id } } });
    let from: string | null;
    if (current) from = current.sfUserId;
    else {
      // Clearinghouse takes over: keep what Salesforce said, dated when the hub had it (before now).
      from = pulledCsmId(account.fields, fieldName);
      if (from !== null) {
        const seen = new Date(Math.min(account.pulledAt.getTime(), now.getTime() - 1));
        await tx.csmChange.create({ data: { integrationId, accountId: account.id, fromUserId: null, toUserId: from, changedByEmail: "Salesforce", changedAt: seen, source: "salesforce" } });
      }
    }
    if (current && from === sfUserId) return { changed: false, pending: current.pushedAt === null };
    await tx.accountCsm.upsert({
      where: { integrationId_accountId: { integrationId, accountId: account.id } },
      create: { integrationId, accountId: account.id, sfUserId, setAt: now, setByEmail: by },
      update: { sfUserId, setAt: now, setByEmail: by, pushedAt: null, pushError: null },
    });
    if (from !== sfUserId) {
      await tx.csmChange.create({ data: { integrationId, accountId: account.id, fromUserId: from, toUserId: sfUserId, changedByEmail: by, changedAt: now, source: ctx.source } });
    }
    await recordAudit(tx, {
      actor: ctx.actor ? { id: ctx.actor.id, email: ctx.actor.email } : null,
      action: "account.csm.set",
      targetType: "SfAccount",
      targetId: account.id,
      before: { sfUserId: from },
      after: { sfUserId, by },
      ip: ctx.ip ?? null,
    });
    return { changed: from !== sfUserId, pending: true };
  });

  const base = outcome.changed ? `${label(user)} is now the CSM of ${account.name ?? account.id}.` : `${label(user)} is already the CSM of ${account.name ?? account.id}.`;
  if (!outcome.pending) return { accountId: account.id, sfUserId, changed: false, pushQueued: false, message: `${base} Salesforce has it.` };
  try {
    await enqueueCsmPush(integrationId, account.id);
    return { accountId: account.id, sfUserId, changed: outcome.changed, pushQueued: true, message: `${base} Salesforce gets it within seconds.` };
  } catch (error) {
    logger.warn({ account: account.id, err: error instanceof Error ? error.message : String(error) }, "could not queue the CSM push");
    const why = error instanceof AppError ? ` ${error.message}` : "";
    return { accountId: account.id, sfUserId, changed: outcome.changed, pushQueued: false, message: `${base} It could not be queued for Salesforce yet;${why} the next Salesforce pull pushes it.` };
  }
}

/** The body of PUT /api/accounts/[id]/csm: a Salesforce user id, or null to leave the account without a CSM. */
export const setCsmRequestSchema = z.object({
  sfUserId: z
    .string({ error: "Give the Salesforce user id of the new CSM, or null for no CSM." })
    .trim()
    .regex(/^[A-Za-z0-9]{18}$/, { error: "Give an 18-character Salesforce user id (pick one from the list), or null for no CSM." })
    .nullable(),
});
