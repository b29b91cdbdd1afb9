import { z } from "zod";
import { matchRulesSchema } from "@/lib/matching/rules";

// Every job is declared once: its queue, its name and the zod schema of its payload. Producers
// parse on enqueue and workers parse again on processing, so a malformed payload is a bug that
// fails loudly. Payloads carry ids only: never secrets or personal data (Redis stores them in clear).

// "sync" holds the long jobs (pulls) so connection checks and describes never wait behind them.
export const QUEUES = ["system", "integrations", "sync"] as const;
export type QueueName = (typeof QUEUES)[number];

export interface JobDefinition<S extends z.ZodType = z.ZodType> {
  name: string;
  queue: QueueName;
  schema: S;
}

function defineJob<S extends z.ZodType>(def: JobDefinition<S>): JobDefinition<S> {
  return def;
}

export const heartbeatJob = defineJob({
  name: "system.heartbeat",
  queue: "system",
  schema: z.object({}).strict(),
});

const integrationRef = z.object({ integrationId: z.string().min(1).max(40) }).strict();

/** Re-reads the Salesforce describe of the objects the product uses into the cache. */
export const refreshSalesforceDescribeJob = defineJob({
  name: "integrations.refresh-describe",
  queue: "integrations",
  schema: integrationRef,
});

/** Daily: refresh every connected org's describe cache. */
export const refreshAllDescribesJob = defineJob({
  name: "integrations.refresh-all-describes",
  queue: "integrations",
  schema: z.object({}).strict(),
});

/** Every few minutes: test each connection so a revoked token shows on the card before a sync fails. */
export const checkConnectionsJob = defineJob({
  name: "integrations.check-connections",
  queue: "integrations",
  schema: z.object({}).strict(),
});

/** Pulls one integration into the hub and re-runs matching; resumes a run a killed worker left. */
export const pullJob = defineJob({
  name: "sync.pull",
  queue: "sync",
  schema: integrationRef.extend({ trigger: z.enum(["manual", "schedule", "cli"]), triggeredBy: z.string().max(320).nullish() }).strict(),
});

/** Re-matches one analytics tool after an admin changed its rules, pins or exclusions (never in a web request). */
export const matchJob = defineJob({
  name: "sync.match",
  queue: "sync",
  schema: integrationRef.extend({ runId: z.string().min(1).max(40), trigger: z.enum(["rules", "override", "manual", "cli"]) }).strict(),
});

/**
 * Fired by one integration's job scheduler (lib/sync/schedules/): queues its pull or Synchronize
 * with trigger "schedule" through the same deduplicated enqueue as a click. A BullMQ scheduler's
 * job template cannot carry deduplication, and a Synchronize needs its QUEUED run recorded first,
 * hence this hop. On "integrations" (short jobs) so a due run never waits behind a long pull.
 */
export const scheduledRunJob = defineJob({
  name: "integrations.scheduled-run",
  queue: "integrations",
  schema: integrationRef.extend({ action: z.enum(["pull", "synchronize"]) }).strict(),
});

/** Every few minutes: the integrations' schedulers follow connects, disconnects and any change a lost update missed. */
export const applySchedulesJob = defineJob({
  name: "integrations.apply-schedules",
  queue: "integrations",
  schema: z.object({}).strict(),
});

/**
 * What proposed matching rules would do, computed by the worker for the page that waits on it.
 * On the "integrations" queue (short jobs) so a preview never waits behind a long pull.
 */
export const matchPreviewJob = defineJob({
  name: "integrations.match-preview",
  queue: "integrations",
  schema: integrationRef.extend({ rules: matchRulesSchema }).strict(),
});

/**
 * Synchronize one Pendo or PX integration, or (given the Salesforce integration) every connected
 * tool: pull, match, push both ways. `runId` is the QUEUED run the card follows.
 */
export const syncJob = defineJob({
  name: "sync.synchronize",
  queue: "sync",
  schema: integrationRef
    .extend({ trigger: z.enum(["manual", "schedule", "cli"]), triggeredBy: z.string().max(320).nullish(), runId: z.string().min(1).max(40).optional() })
    .strict(),
});

/**
 * Previews a Synchronize of one Pendo or PX integration (or, given Salesforce, of every tool):
 * what it would write, nothing written (lib/sync/preview/run-preview.ts). `runId` is the QUEUED
 * PREVIEW run the page follows.
 */
export const previewJob = defineJob({
  name: "sync.preview",
  queue: "sync",
  schema: integrationRef.extend({ triggeredBy: z.string().max(320).nullish(), runId: z.string().min(1).max(40) }).strict(),
});

/**
 * Brings one Pendo or PX integration's usage rollups and KPI snapshot up to date, as a run of its
 * own (kind USAGE). Queued deduplicated per integration (lib/sync/usage-refresh/enqueue-usage-refresh.ts).
 */
export const usageRefreshJob = defineJob({
  name: "sync.usage-refresh",
  queue: "sync",
  schema: integrationRef,
});

/** Every USAGE_INTERVAL_MINUTES: one usage refresh per connected Pendo or PX integration. */
export const usageRefreshAllJob = defineJob({
  name: "sync.usage-refresh-all",
  queue: "sync",
  schema: z.object({}).strict(),
});

/**
 * Replays a health model version (and, with `compare`, a second one) over the churn history for
 * the console (lib/health/backtest-job.ts). On "sync": computing missing KPI history can take
 * minutes. The result is the job's return value, read back by id while BullMQ retains it.
 */
export const healthBacktestJob = defineJob({
  name: "health.backtest",
  queue: "sync",
  schema: z.object({ version: z.number().int().min(1).max(1_000_000), compare: z.number().int().min(1).max(1_000_000).nullish() }).strict(),
});

/**
 * Every few minutes: judges the alert rules that depend on time (a scheduled pull that did not
 * start, the API allowance, reconnect needed) and re-queues deliveries a lost enqueue left pending.
 * Run rules are judged as each run closes (lib/sync/runs.ts closeRun).
 */
export const alertsEvaluateJob = defineJob({
  name: "alerts.evaluate",
  queue: "integrations",
  schema: z.object({}).strict(),
});

/** Sends one alert notification to the webhook and by email; retried a few times (lib/alerts/deliver.ts). */
export const alertDeliveryJob = defineJob({
  name: "alerts.deliver",
  queue: "integrations",
  schema: z.object({ notificationId: z.string().min(1).max(40) }).strict(),
});

/**
 * Writes one account's CSM (the AccountCsm row as it is when the job runs) to the Salesforce field
 * CsmSettings names (lib/accounts/csm/push-account-csm.ts). Queued by each change, deduplicated per
 * account; on "integrations" so a change reaches Salesforce in seconds, never behind a long pull.
 */
export const pushAccountCsmJob = defineJob({
  name: "integrations.push-account-csm",
  queue: "integrations",
  schema: integrationRef.extend({ accountId: z.string().regex(/^[A-Za-z0-9]{18}$/) }).strict(),
});

/**
 * A retry: the push steps of the failed writes named in its run's scope (lib/sync/retry/run-retry.ts).
 * The payload is the QUEUED run's id; the records are in the run, never in Redis.
 */
export const retryJob = defineJob({
  name: "sync.retry",
  queue: "sync",
  schema: z.object({ runId: z.string().min(1).max(40) }).strict(),
});

/**
 * Daily: removes the per-record results and failed calls of runs older than HISTORY_RETENTION_DAYS
 * (lib/sync/history/prune-history.ts); the runs and their counts stay. Killed part-way, the next one finishes.
 */
export const pruneHistoryJob = defineJob({
  name: "system.prune-history",
  queue: "system",
  schema: z.object({}).strict(),
});

export const JOBS = {
  heartbeat: heartbeatJob,
  refreshSalesforceDescribe: refreshSalesforceDescribeJob,
  refreshAllDescribes: refreshAllDescribesJob,
  checkConnections: checkConnectionsJob,
  pull: pullJob,
  scheduledRun: scheduledRunJob,
  applySchedules: applySchedulesJob,
  match: matchJob,
  matchPreview: matchPreviewJob,
  synchronize: syncJob,
  retry: retryJob,
  preview: previewJob,
  usageRefresh: usageRefreshJob,
  usageRefreshAll: usageRefreshAllJob,
  healthBacktest: healthBacktestJob,
  alertsEvaluate: alertsEvaluateJob,
  alertDelivery: alertDeliveryJob,
  pushAccountCsm: pushAccountCsmJob,
  pruneHistory: pruneHistoryJob,
} as const;
export type JobKey = keyof typeof JOBS;
export type JobPayload<K extends JobKey> = z.infer<(typeof JOBS)[K]["schema"]>;

/** Retries, backoff and retention for every queue: without retention BullMQ keeps jobs forever. */
export const DEFAULT_JOB_OPTIONS = {
  attempts: 3,
  backoff: { type: "exponential", delay: 5000 },
  removeOnComplete: { age: 24 * 3600, count: 1000 },
  removeOnFail: { age: 7 * 24 * 3600, count: 5000 },
} as const;
