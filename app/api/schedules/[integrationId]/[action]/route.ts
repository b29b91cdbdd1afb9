import { z } from "zod";
import { route } from "@/lib/http/route";
import { SCHEDULE_ACTIONS } from "@/lib/sync/schedules/defaults";
import { saveSchedule } from "@/lib/sync/schedules/save-schedule";
import { scheduleInputSchema } from "@/lib/sync/schedules/schedule-schema";

// One schedule's cron expression, time zone and pause; saved, audited, and its scheduler follows at once.
const params = z.object({ integrationId: z.string().min(1).max(40), action: z.enum(SCHEDULE_ACTIONS) });

export const PUT = route({ permission: "schedules.manage", params, body: scheduleInputSchema }, async ({ params, body, user, ip }) =>
  saveSchedule(params.integrationId, params.action, body, { actor: user, ip }),
);
