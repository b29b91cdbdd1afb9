import type { JobSchedulerJson, Queue } from "bullmq";
import { logger } from "@/lib/logger";
import { JOBS, type QueueName } from "@/lib/queue/jobs";
import { connectedSchedules, type EffectiveSchedule } from "@/lib/sync/schedules/connected-schedules";
import type { ScheduleAction } from "@/lib/sync/schedules/defaults";
import { cronProblem, timezoneProblem } from "@/lib/sync/schedules/schedule-schema";

// One BullMQ job scheduler per (integration, action), upserted and never removed first: an upsert
// replaces the scheduler's pending job in one Redis script, so a restart, two workers starting
// together or a change racing a restart leave exactly one pending job, never none and never two.
// Only a paused schedule or a disconnected integration has its scheduler removed.

const job = JOBS.scheduledRun;
const PREFIX = "schedule:";
/** A due run only queues the real one, so a few quick retries cover a Redis or PostgreSQL blip. */
const TEMPLATE_OPTS = { attempts: 3, backoff: { type: "exponential", delay: 5000 }, removeOnComplete: { count: 200 }, removeOnFail: { count: 200 } };

type GetQueue = (name: QueueName) => Queue;

export function schedulerId(integrationId: string, action: ScheduleAction): string {
  return `${PREFIX}${integrationId}:${action}`;
}

/** The queue every integration's scheduler lives on. */
export const SCHEDULE_QUEUE: QueueName = job.queue;

function templateData(s: Pick<EffectiveSchedule, "integrationId" | "action">) {
  return job.schema.parse({ integrationId: s.integrationId, action: s.action });
}

/** Creates or updates the schedule's scheduler: pattern and zone as saved, the pending job moved to the next fire time. */
export async function upsertScheduler(queue: Queue, s: EffectiveSchedule): Promise<void> {
  await queue.upsertJobScheduler(schedulerId(s.integrationId, s.action), { pattern: s.cron, tz: s.timezone }, { name: job.name, data: templateData(s), opts: TEMPLATE_OPTS });
}

/** Makes Redis hold what one schedule says: its scheduler when it runs, none when paused or its integration is gone. */
export async function applyScheduler(getQueue: GetQueue, s: EffectiveSchedule, connected: boolean): Promise<void> {
  const queue = getQueue(SCHEDULE_QUEUE);
  if (connected && !s.paused) await upsertScheduler(queue, s);
  else await queue.removeJobScheduler(schedulerId(s.integrationId, s.action));
}

export interface AppliedSchedulers {
  upserted: string[];
  removed: string[];
  unchanged: string[];
  /** Saved with a cron expression or zone the parser refuses (only possible by editing the table by hand). */
  invalid: string[];
}

/** Registered as saved, with its pending job still there (a hand-cleaned "delayed" list can lose it). */
async function isCurrent(queue: Queue, current: JobSchedulerJson, s: EffectiveSchedule): Promise<boolean> {
  const same =
    current.name === job.name &&
    current.pattern === s.cron &&
    current.tz === s.timezone &&
    JSON.stringify(current.template?.data ?? null) === JSON.stringify(templateData(s));
  return same && current.next != null && (await queue.getJob(`repeat:${current.key}:${current.next}`)) !== undefined;
}

/**
 * Every integration's schedulers as the database says (connected integrations, unpaused schedules).
 * `force` (worker start, Redis back) upserts each one; otherwise (the periodic check) only a
 * scheduler that is missing, differs or lost its pending job is upserted. Redis is read before the
 * database, so a change saved while this runs is never overwritten with what it replaced.
 */
export async function applySchedulers(getQueue: GetQueue, { force = true }: { force?: boolean } = {}): Promise<AppliedSchedulers> {
  const queue = getQueue(SCHEDULE_QUEUE);
  const registered = new Map((await queue.getJobSchedulers(0, -1)).filter((s) => s.key.startsWith(PREFIX)).map((s) => [s.key, s]));
  const wanted = (await connectedSchedules()).filter((s) => !s.paused);
  const result: AppliedSchedulers = { upserted: [], removed: [], unchanged: [], invalid: [] };

  for (const s of wanted) {
    const id = schedulerId(s.integrationId, s.action);
    const current = registered.get(id);
    registered.delete(id);
    if (!force && current && (await isCurrent(queue, current, s))) {
      result.unchanged.push(id);
      continue;
    }
    // A row edited by hand into something the parser refuses must not keep the others from running.
    const problem = timezoneProblem(s.timezone) ?? cronProblem(s.cron, s.timezone);
    if (problem) {
      logger.error({ scheduler: id, problem }, "schedule not registered: save a valid one on Settings › Schedules");
      result.invalid.push(id);
      continue;
    }
    await upsertScheduler(queue, s);
    result.upserted.push(id);
  }
  // Left over: paused, disconnected, or of an integration or action that no longer exists.
  for (const id of registered.keys()) {
    await queue.removeJobScheduler(id);
    result.removed.push(id);
  }
  return result;
}
