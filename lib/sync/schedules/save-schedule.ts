import { db, type Prisma } from "@/lib/db";
import { logger } from "@/lib/logger";
import { recordAudit } from "@/lib/audit/record-audit";
import { SYSTEM_LABEL } from "@/lib/hub/integrations";
import { getQueue, whenRedisAnswers } from "@/lib/queue/producer";
import type { Context } from "@/lib/users/manage-users";
import { applyScheduler } from "@/lib/sync/schedules/apply-schedulers";
import type { EffectiveSchedule } from "@/lib/sync/schedules/connected-schedules";
import { ACTION_LABEL } from "@/lib/sync/schedules/defaults";
import { requireSchedule } from "@/lib/sync/schedules/require-schedule";
import { toScheduleView, type ScheduleView } from "@/lib/sync/schedules/list-schedules";
import type { ScheduleInput } from "@/lib/sync/schedules/schedule-schema";

export interface SavedSchedule {
  schedule: ScheduleView;
  /** What happened, as the page and the command line say it. */
  message: string;
}

function verb(before: EffectiveSchedule, after: ScheduleInput): "schedule.pause" | "schedule.resume" | "schedule.update" {
  const timingChanged = before.cron !== after.cron || before.timezone !== after.timezone;
  if (!timingChanged && !before.paused && after.paused) return "schedule.pause";
  if (!timingChanged && before.paused && !after.paused) return "schedule.resume";
  return "schedule.update";
}

function sentence(s: EffectiveSchedule): string {
  const what = `${SYSTEM_LABEL[s.system]} ${ACTION_LABEL[s.action].toLowerCase()}`;
  return s.paused ? `${what} paused: it does not run until you resume it.` : `${what} runs on "${s.cron}" (${s.timezone}).`;
}

/**
 * The schedule's row and its audit entry, in the caller's transaction: saveSchedule's own, or a
 * configuration import's, which writes every section of its file or none.
 */
export async function writeSchedule(tx: Prisma.TransactionClient, before: EffectiveSchedule, input: ScheduleInput, ctx: Context): Promise<EffectiveSchedule> {
  const { integrationId, action: a } = before;
  const saved = await tx.syncSchedule.upsert({
    where: { integrationId_action: { integrationId, action: a } },
    create: { integrationId, action: a, ...input, updatedBy: ctx.actor?.email ?? null },
    update: { ...input, updatedBy: ctx.actor?.email ?? null },
  });
  await recordAudit(tx, {
    actor: ctx.actor,
    action: verb(before, input),
    targetType: "SyncSchedule",
    targetId: saved.id,
    before: { integration: before.system, action: a, cron: before.cron, timezone: before.timezone, paused: before.paused, default: before.isDefault },
    after: { integration: before.system, action: a, cron: input.cron, timezone: input.timezone, paused: input.paused },
    ip: ctx.ip,
  });
  return { ...before, cron: saved.cron, timezone: saved.timezone, paused: saved.paused, isDefault: false, updatedAt: saved.updatedAt, updatedBy: saved.updatedBy };
}

/** Makes the saved schedule's BullMQ scheduler follow at once; a sentence to add when Redis did not answer. */
export async function followSchedule(after: EffectiveSchedule): Promise<string | null> {
  try {
    await whenRedisAnswers();
    await applyScheduler(getQueue, after, true);
    return null;
  } catch (error) {
    logger.warn({ integration: after.integrationId, action: after.action, err: error instanceof Error ? error.message : String(error) }, "schedule saved but its scheduler not updated");
    return "The queue (Redis) did not answer: the worker applies the change within 5 minutes of Redis answering again.";
  }
}

/**
 * Saves one schedule (the row and its audit entry together), then makes its BullMQ scheduler
 * follow at once: upserted, or removed when paused. The worker re-applies every schedule at start
 * and every few minutes, so a Redis that does not answer now delays the change, and loses nothing.
 */
export async function saveSchedule(integrationId: string, action: string, input: ScheduleInput, ctx: Context): Promise<SavedSchedule> {
  const { schedule: before, status } = await requireSchedule(integrationId, action);
  const unchanged = !before.isDefault && before.cron === input.cron && before.timezone === input.timezone && before.paused === input.paused;
  const after = unchanged ? before : await db.$transaction((tx) => writeSchedule(tx, before, input, ctx));
  const delayed = await followSchedule(after);
  const message = `${unchanged ? "Nothing to change:" : "Saved."} ${sentence(after)}${delayed ? ` ${delayed}` : ""}`;
  return { schedule: toScheduleView(after, status, new Date()), message };
}
