import type { Queue } from "bullmq";
import { env } from "@/lib/env";
import { JOBS, type QueueName } from "@/lib/queue/jobs";

// Recurring jobs are declared here and upserted at every worker start (never removed first, so
// two workers starting together cannot leave a gap).
export const RECURRING_JOBS = [
  {
    schedulerId: "system-heartbeat",
    queue: "system" as QueueName,
    job: JOBS.heartbeat,
    every: () => env.HEARTBEAT_INTERVAL_SECONDS * 1000,
  },
  {
    schedulerId: "integrations-check-connections",
    queue: "integrations" as QueueName,
    job: JOBS.checkConnections,
    every: () => 15 * 60 * 1000,
  },
  {
    schedulerId: "integrations-refresh-describes",
    queue: "integrations" as QueueName,
    job: JOBS.refreshAllDescribes,
    every: () => 24 * 3600 * 1000,
  },
  {
    schedulerId: "sync-pull-all",
    queue: "sync" as QueueName,
    job: JOBS.pullAll,
    every: () => env.PULL_INTERVAL_MINUTES * 60 * 1000,
  },
];

export async function registerSchedules(getQueue: (name: QueueName) => Queue): Promise<void> {
  for (const r of RECURRING_JOBS) {
    await getQueue(r.queue).upsertJobScheduler(
      r.schedulerId,
      { every: r.every() },
      { name: r.job.name, data: {}, opts: { removeOnComplete: { count: 50 }, removeOnFail: { count: 50 }, attempts: 1 } },
    );
  }
}
