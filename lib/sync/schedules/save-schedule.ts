import { db } from "@/lib/db";
import { logger } from "@/lib/logger";
import { recordAudit } from "@/lib/audit/record-audit";
import { SYSTEM_LABEL } from "@/lib/hub/integrations";
import { getQueue, whenRedisAnswers } from "@/lib/queue/producer";
import type { Context } from "@/lib/users/manage-users";
import { applyScheduler } from "@/lib/sync/schedules/apply-schedulers";
import type { EffectiveSchedule } from "@/lib/sync/schedules/connected-schedules";
import { ACTION_LABEL, type ScheduleAction } from "@/lib/sync/schedules/defaults";
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
 * Saves one schedule (the row and its audit entry together), then makes its BullMQ scheduler
 * follow at once: upserted, or removed when paused. The worker re-applies every schedule at start
 * and every few minutes, so a Redis that does not answer now delays the change, and loses nothing.
 */
export async function saveSchedule(integrationId: string, action: string, input: ScheduleInput, ctx: Context): Promise<SavedSchedule> {
  const { schedule: before, status } = await requireSchedule(integrationId, action);
  const a = before.action as ScheduleAction;
  const unchanged = !before.isDefault && before.cron === input.cron && before.timezone === input.timezone && before.paused === input.paused;
  let after = before;
  if (!unchanged) {
    const row = await db.$transaction(async (tx) => {
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
      return saved;
    });
    after = { ...before, cron: row.cron, timezone: row.timezone, paused: row.paused, isDefault: false, updatedAt: row.updatedAt, updatedBy: row.updatedBy };
  }

  let message = unchanged ? `Nothing to change: ${sentence(after)}` : `Saved. ${sentence(after)}`;
  try {
    await whenRedisAnswers();
    await applyScheduler(getQueue, after, true);
  } catch (error) {
    logger.warn({ integration: integrationId, action: a, err: error instanceof Error ? error.message : String(error) }, "schedule saved but its scheduler not updated");
    message += " The queue (Redis) did not answer: the worker applies the change within 5 minutes of Redis answering again.";
  }
  return { schedule: toScheduleView(after, status, new Date()), message };
}
