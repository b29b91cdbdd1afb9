import type { JobPayload } from "@/lib/queue/jobs";
import { getQueue } from "@/lib/queue/producer";
import { applySchedulers } from "@/lib/sync/schedules/apply-schedulers";
import { startScheduledRun } from "@/lib/sync/schedules/start-scheduled-run";

export function scheduledRun(data: JobPayload<"scheduledRun">) {
  return startScheduledRun(data);
}

/** The periodic check: only what differs is written (the worker's start upserts every one). */
export function applySchedules() {
  return applySchedulers(getQueue, { force: false });
}
