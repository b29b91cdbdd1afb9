import { UnrecoverableError, type Job } from "bullmq";
import { JOBS, type JobKey, type JobPayload } from "@/lib/queue/jobs";
import { logger } from "@/lib/logger";
import { recordHeartbeat, type WorkerIdentity } from "@/workers/processors/heartbeat";
import { checkConnections, refreshAllDescribes, refreshDescribe } from "@/workers/processors/integrations";
import { match, pull, synchronize, usageRefresh, usageRefreshAll } from "@/workers/processors/sync";
import { applySchedules, scheduledRun } from "@/workers/processors/schedules";
import { healthBacktest } from "@/workers/processors/health";
import { deliverAlert, evaluateAlerts } from "@/workers/processors/alerts";
import { pushCsm } from "@/workers/processors/csm";
import { previewRules } from "@/lib/sync/match/preview-rules";
import { retry } from "@/workers/processors/retry";
import { previewSync } from "@/workers/processors/preview";
import { pruneHistory } from "@/workers/processors/prune-history";

export interface ProcessorContext {
  identity: WorkerIdentity;
  job: Job;
}

type Handlers = { [K in JobKey]: (data: JobPayload<K>, ctx: ProcessorContext) => Promise<unknown> };

// One handler per declared job, checked by the compiler: a job added to lib/queue/jobs.ts without
// a handler here does not build.
const HANDLERS: Handlers = {
  heartbeat: (_data, ctx) => recordHeartbeat(ctx.identity),
  refreshSalesforceDescribe: (data) => refreshDescribe(data),
  refreshAllDescribes: () => refreshAllDescribes(),
  checkConnections: () => checkConnections(),
  pull: (data) => pull(data),
  scheduledRun: (data) => scheduledRun(data),
  applySchedules: () => applySchedules(),
  match: (data) => match(data),
  matchPreview: (data) => previewRules(data.integrationId, data.rules),
  synchronize: (data) => synchronize(data),
  retry: (data) => retry(data),
  preview: (data) => previewSync(data),
  usageRefresh: (data) => usageRefresh(data),
  usageRefreshAll: () => usageRefreshAll(),
  healthBacktest: (data) => healthBacktest(data),
  alertsEvaluate: () => evaluateAlerts(),
  alertDelivery: (data) => deliverAlert(data),
  pushAccountCsm: (data) => pushCsm(data),
  pruneHistory: () => pruneHistory(),
};

const KEY_BY_NAME = new Map(Object.entries(JOBS).map(([key, def]) => [def.name, key as JobKey]));

async function run<K extends JobKey>(key: K, data: unknown, ctx: ProcessorContext): Promise<unknown> {
  const parsed = JOBS[key].schema.safeParse(data);
  if (!parsed.success) throw new UnrecoverableError(`invalid payload for ${JOBS[key].name}: ${parsed.error.message}`);
  return HANDLERS[key](parsed.data as JobPayload<K>, ctx);
}

export async function processJob(job: Job, identity: WorkerIdentity): Promise<unknown> {
  const key = KEY_BY_NAME.get(job.name);
  if (!key) {
    // A schedule in Redis can outlive the code that handled it (after a rollback): drop, do not retry.
    logger.warn({ job: job.name, id: job.id }, "no processor for this job; dropping it");
    return undefined;
  }
  return run(key, job.data, { identity, job });
}
