import { z } from "zod";
import { db } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { RoleName } from "@/lib/auth/permissions";
import { recordAudit } from "@/lib/audit/record-audit";
import { AppError, zodFields } from "@/lib/errors";
import { HEALTH_COLOURS, type HealthColour } from "@/lib/health/model";
import { healthOverrideSchema } from "@/lib/health/override";
import { accountCsm, overrideAccess } from "@/lib/accounts/account-page-csm";
import { findVisibleAccount, type VisibleAccount } from "@/lib/accounts/account-page-scope";
import { accountNotFound } from "@/lib/auth/data-scope";

// Setting and clearing an account's health override from its page (issue 13). The rules of an
// override are lib/health/override.ts's (a score and/or a colour, a reason, an expiry after now);
// who may is account-page-csm.ts's, checked here on the server. The change and its audit entry
// commit together. Overrides are applied when health is read (lib/health/latest-health.ts), so the
// page shows a new one at once and the next sync's push sends it to Salesforce.

/** An override always ends; a year at most, so one forgotten cannot hide the computed score for long. */
export const OVERRIDE_MAX_DAYS = 366;
const DAY_MS = 86_400_000;

const scoreRule = "The score must be a number from 0 to 100.";

/** The body the page's form sends: who sets it and when are the server's to say. */
export const healthOverrideRequestSchema = z.object({
  score: z.number({ error: scoreRule }).min(0, { error: scoreRule }).max(100, { error: scoreRule }).nullish(),
  colour: z.enum(HEALTH_COLOURS, { error: "The colour is red, yellow or green." }).nullish(),
  reason: z.string({ error: "Say why the computed health is wrong; the reason is shown with the override." }).max(1000, { error: "Keep the reason under 1000 characters." }),
  /** An instant (the form sends the end of the chosen day in the viewer's zone). */
  expiresAt: z.iso.datetime({ offset: true, error: "Give the expiry as a date, e.g. 2026-12-31." }),
});
export type HealthOverrideRequest = z.infer<typeof healthOverrideRequestSchema>;

export interface OverrideActor {
  id: string;
  email: string;
  role: RoleName;
}

export interface OverrideContext {
  actor: OverrideActor;
  ip?: string | null;
  now?: Date;
}

export interface SavedOverride {
  id: string;
  score: number | null;
  colour: HealthColour | null;
  reason: string;
  expiresAt: Date;
  setBy: string;
  message: string;
}

const LOCK = "health-override:";
const SALESFORCE_NOTE = "Salesforce receives it at the next sync.";

/** The account, if the actor may change its override; a 404 or a 403 that says why otherwise. */
async function accountToOverride(accountId: string, actor: OverrideActor): Promise<VisibleAccount> {
  const account = await findVisibleAccount(accountId, actor);
  if (!account) throw accountNotFound(accountId);
  const access = overrideAccess(actor, await accountCsm(account));
  if (!access.allowed) throw new AppError("FORBIDDEN", access.reason);
  return account;
}

type Tx = Prisma.TransactionClient;

/** The override in force now, under the account's lock: one change at a time per account. */
async function lockedInForce(tx: Tx, accountId: string, now: Date) {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${LOCK + accountId}))`;
  return tx.healthOverride.findFirst({ where: { accountId, clearedAt: null, expiresAt: { gt: now } }, orderBy: { createdAt: "desc" } });
}

const auditView = (o: { score: number | null; colour: string | null; reason: string; expiresAt: Date; setByEmail: string }) => ({
  score: o.score,
  colour: o.colour,
  reason: o.reason,
  expiresAt: o.expiresAt.toISOString(),
  setBy: o.setByEmail,
});

export async function setHealthOverride(accountId: string, input: HealthOverrideRequest, ctx: OverrideContext): Promise<SavedOverride> {
  const now = ctx.now ?? new Date();
  const account = await accountToOverride(accountId, ctx.actor);
  const parsed = healthOverrideSchema.safeParse({
    score: input.score ?? undefined,
    colour: input.colour ?? undefined,
    reason: input.reason,
    setBy: ctx.actor.email,
    setAt: now,
    expiresAt: input.expiresAt,
  });
  if (!parsed.success) {
    const fields = zodFields(parsed.error);
    throw new AppError("INVALID_INPUT", Object.values(fields)[0] ?? "Check the override's fields.", fields);
  }
  const o = parsed.data;
  if (o.expiresAt.getTime() > now.getTime() + OVERRIDE_MAX_DAYS * DAY_MS) {
    const message = `An override lasts at most ${OVERRIDE_MAX_DAYS} days; pick an earlier expiry and set a new override when it runs out.`;
    throw new AppError("INVALID_INPUT", message, { expiresAt: message });
  }
  const scored = await db.healthScore.findFirst({ where: { accountId: account.id }, select: { day: true } });
  if (!scored) throw new AppError("CONFLICT", "The account has no health score yet, so there is nothing to override. Run Synchronize on the Integrations page first.");

  const created = await db.$transaction(async (tx) => {
    const previous = await lockedInForce(tx, account.id, now);
    // A new override replaces the one in force: it is closed, so the history reads one at a time.
    if (previous) await tx.healthOverride.update({ where: { id: previous.id }, data: { clearedAt: now, clearedBy: ctx.actor.email } });
    const row = await tx.healthOverride.create({
      data: { accountId: account.id, score: o.score ?? null, colour: o.colour ?? null, reason: o.reason, expiresAt: o.expiresAt, setById: ctx.actor.id, setByEmail: ctx.actor.email, createdAt: now },
    });
    await recordAudit(tx, {
      actor: ctx.actor,
      action: "health.override.set",
      targetType: "SfAccount",
      targetId: account.id,
      before: previous ? auditView(previous) : null,
      after: auditView(row),
      ip: ctx.ip ?? null,
    });
    return row;
  });
  return {
    id: created.id,
    score: created.score,
    colour: created.colour as HealthColour | null,
    reason: created.reason,
    expiresAt: created.expiresAt,
    setBy: created.setByEmail,
    message: `Override saved; the account shows it until it expires. ${SALESFORCE_NOTE}`,
  };
}

export async function clearHealthOverride(accountId: string, ctx: OverrideContext): Promise<{ message: string }> {
  const now = ctx.now ?? new Date();
  const account = await accountToOverride(accountId, ctx.actor);
  await db.$transaction(async (tx) => {
    const inForce = await lockedInForce(tx, account.id, now);
    if (!inForce) throw new AppError("CONFLICT", "This account has no override in force, so there is nothing to clear. Reload the page to see its health now.");
    await tx.healthOverride.update({ where: { id: inForce.id }, data: { clearedAt: now, clearedBy: ctx.actor.email } });
    await recordAudit(tx, { actor: ctx.actor, action: "health.override.clear", targetType: "SfAccount", targetId: account.id, before: auditView(inForce), after: null, ip: ctx.ip ?? null });
  });
  return { message: `Override cleared; the computed health shows again. ${SALESFORCE_NOTE}` };
}
