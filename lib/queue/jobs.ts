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

/** Hourly: pull every connected integration (seed 001's schedule, tightened from daily). */
export const pullAllJob = defineJob({
  name: "sync.pull-all",
  queue: "sync",
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

export const JOBS = {
  heartbeat: heartbeatJob,
  refreshSalesforceDescribe: refreshSalesforceDescribeJob,
  refreshAllDescribes: refreshAllDescribesJob,
  checkConnections: checkConnectionsJob,
  pull: pullJob,
  pullAll: pullAllJob,
  match: matchJob,
  matchPreview: matchPreviewJob,
  synchronize: syncJob,
  usageRefresh: usageRefreshJob,
  usageRefreshAll: usageRefreshAllJob,
  healthBacktest: healthBacktestJob,
  alertsEvaluate: alertsEvaluateJob,
  alertDelivery: alertDeliveryJob,
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
