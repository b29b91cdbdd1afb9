import { UnrecoverableError, type Job } from "bullmq";
import { JOBS, type JobDefinition } from "@/lib/queue/jobs";
import { logger } from "@/lib/logger";
import { recordHeartbeat, type WorkerIdentity } from "@/workers/processors/heartbeat";
import { checkConnections, refreshAllDescribes, refreshDescribe } from "@/workers/processors/integrations";
import { pull, pullAll } from "@/workers/processors/pull";

export interface ProcessorContext {
  identity: WorkerIdentity;
  job: Job;
}

type Processor = (data: unknown, ctx: ProcessorContext) => Promise<unknown>;

const byName = new Map<string, { def: JobDefinition; run: Processor }>([
  [JOBS.heartbeat.name, { def: JOBS.heartbeat, run: (_data, ctx) => recordHeartbeat(ctx.identity) }],
  [JOBS.refreshSalesforceDescribe.name, { def: JOBS.refreshSalesforceDescribe, run: (data) => refreshDescribe(data as { integrationId: string }) }],
  [JOBS.refreshAllDescribes.name, { def: JOBS.refreshAllDescribes, run: () => refreshAllDescribes() }],
  [JOBS.checkConnections.name, { def: JOBS.checkConnections, run: () => checkConnections() }],
  [JOBS.pull.name, { def: JOBS.pull, run: (data) => pull(data as { integrationId: string; trigger: string }) }],
  [JOBS.pullAll.name, { def: JOBS.pullAll, run: () => pullAll() }],
]);

export async function processJob(job: Job, identity: WorkerIdentity): Promise<unknown> {
  const entry = byName.get(job.name);
  if (!entry) {
    // A schedule in Redis can outlive the code that handled it (after a rollback): drop, do not retry.
    logger.warn({ job: job.name, id: job.id }, "no processor for this job; dropping it");
    return undefined;
  }
  const parsed = entry.def.schema.safeParse(job.data);
  if (!parsed.success) throw new UnrecoverableError(`invalid payload for ${job.name}: ${parsed.error.message}`);
  return entry.run(parsed.data, { identity, job });
}
