import type { Context } from "@/lib/users/manage-users";
import { requireSchedule } from "@/lib/sync/schedules/require-schedule";
import { saveSchedule, type SavedSchedule } from "@/lib/sync/schedules/save-schedule";

/** Pause or resume one schedule, keeping its cron expression and zone (the page's buttons, `cli schedules set --pause`). */
export async function setSchedulePaused(integrationId: string, action: string, paused: boolean, ctx: Context): Promise<SavedSchedule> {
  const { schedule } = await requireSchedule(integrationId, action);
  return saveSchedule(integrationId, action, { cron: schedule.cron, timezone: schedule.timezone, paused }, ctx);
}
