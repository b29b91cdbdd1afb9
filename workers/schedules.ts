import type { Queue } from "bullmq";
import { env } from "@/lib/env";
import { JOBS, type QueueName } from "@/lib/queue/jobs";

// Recurring jobs are declared here and upserted at every worker start and again whenever Redis
// comes back after a loss (never removed first, so two workers starting together cannot leave a gap).
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
    schedulerId: "sync-usage-refresh-all",
    queue: "sync" as QueueName,
    job: JOBS.usageRefreshAll,
    every: () => env.USAGE_INTERVAL_MINUTES * 60 * 1000,
  },
  {
    // Time-based alert rules (a scheduled pull that did not start); run rules are judged as runs close.
    schedulerId: "alerts-evaluate",
    queue: "integrations" as QueueName,
    job: JOBS.alertsEvaluate,
    every: () => 5 * 60 * 1000,
  },
  {
    // Each integration's own pull and Synchronize schedulers (lib/sync/schedules/) are upserted at
    // start and on every change; this catches connects, disconnects and a change Redis missed.
    schedulerId: "schedules-apply",
    queue: "integrations" as QueueName,
    job: JOBS.applySchedules,
    every: () => 5 * 60 * 1000,
  },
  {
    // Per-record results and failed calls older than HISTORY_RETENTION_DAYS (the runs stay).
    schedulerId: "system-prune-history",
    queue: "system" as QueueName,
    job: JOBS.pruneHistory,
    every: () => 24 * 3600 * 1000,
  },
];

/**
 * Schedulers earlier versions registered, removed at start so an upgraded install loses them:
 * the hourly pull of everything gave way to each integration's own schedules.
 */
export const RETIRED_SCHEDULERS: { queue: QueueName; schedulerId: string }[] = [{ queue: "sync", schedulerId: "sync-pull-all" }];

export async function registerSchedules(getQueue: (name: QueueName) => Queue): Promise<void> {
  for (const r of RECURRING_JOBS) {
    await getQueue(r.queue).upsertJobScheduler(
      r.schedulerId,
      { every: r.every() },
      { name: r.job.name, data: {}, opts: { removeOnComplete: { count: 50 }, removeOnFail: { count: 50 }, attempts: 1 } },
    );
  }
  for (const r of RETIRED_SCHEDULERS) await getQueue(r.queue).removeJobScheduler(r.schedulerId);
}

/** What the reconnect watch needs of an ioredis connection (an EventEmitter with a status). */
interface ConnectionEvents {
  readonly status: string;
  on(event: "close" | "ready", listener: () => void): unknown;
  off(event: "close" | "ready", listener: () => void): unknown;
}

/**
 * A Redis without persistence comes back from a restart empty: every scheduler (heartbeat, pulls,
 * connection checks) is gone while the worker reconnects and carries on. Calls `restore` once the
 * connection has been ready again for `settleMs` after a loss, so a flapping Redis costs one
 * re-registration when it settles, not one per flap. A `restore` that fails while the connection
 * stays up is tried again after `retryMs`. Returns a function that stops watching.
 */
export function onRedisReconnect(
  redis: ConnectionEvents,
  restore: () => Promise<void>,
  { settleMs = 2_000, retryMs = 30_000, onError = (_error: unknown) => {} } = {},
): () => void {
  let lost = false;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let restoring: Promise<void> | undefined;

  const attempt = () => {
    timer = undefined;
    if (stopped || redis.status !== "ready" || restoring) return;
    lost = false;
    restoring = restore()
      .catch((error: unknown) => {
        onError(error);
        if (stopped) return;
        // Redis dropped again mid-way: its next "ready" re-arms. Still up: try again later.
        if (redis.status === "ready") timer = setTimeout(attempt, retryMs);
        else lost = true;
      })
      .finally(() => {
        restoring = undefined;
        // Lost and back again while restoring: what was just written may be gone too.
        if (lost && !stopped && redis.status === "ready") arm();
      });
  };
  const arm = () => {
    clearTimeout(timer);
    timer = setTimeout(attempt, settleMs);
  };
  const onClose = () => {
    lost = true;
    clearTimeout(timer);
    timer = undefined;
  };
  const onReady = () => {
    if (lost && !stopped) arm();
  };
  redis.on("close", onClose);
  redis.on("ready", onReady);
  return () => {
    stopped = true;
    clearTimeout(timer);
    redis.off("close", onClose);
    redis.off("ready", onReady);
  };
}
