import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { salesforceIntegration, SYSTEM_LABEL } from "@/lib/hub/integrations";
import { requireIntegration } from "@/lib/integrations/test-connection";
import { enqueue } from "@/lib/queue/producer";
import { LIVE_STATUSES } from "@/lib/sync/history/params";

const STALE_QUEUED_MS = 15 * 60_000;

export interface QueuedSync {
  runId: string;
  /** False when a sync of the same integration was already queued or running: this is that one. */
  started: boolean;
}

/**
 * Queues a Synchronize of one Pendo or PX integration, or of every tool (the Salesforce card's
 * "Synchronize all"). One sync per integration at a time: while one is queued or running, a second
 * click gets that run back. The run is recorded QUEUED now, so the card follows it from the start.
 */
export async function enqueueSync(integrationId: string, trigger: "manual" | "cli" | "schedule", triggeredBy: string | null): Promise<QueuedSync> {
  const integration = await requireIntegration(integrationId);
  const label = SYSTEM_LABEL[integration.system];
  if (!integration.secrets || integration.status === "DISABLED") throw new AppError("CONFLICT", `${label} is not connected. Connect it first.`);
  if (integration.status === "RECONNECT_NEEDED") throw new AppError("CONFLICT", `${label} needs reconnecting before it can be synchronized. Use Reconnect on its card.`);
  if (integration.system !== "SALESFORCE") {
    const salesforce = await salesforceIntegration();
    if (!salesforce || salesforce.status !== "CONNECTED") throw new AppError("CONFLICT", "Connect Salesforce before synchronizing: every sync pulls from it and pushes into it.");
  }
  // Checked and recorded under a lock, so two clicks at the same moment make one run, not two.
  const { run, started } = await db.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`enqueue-sync:${integrationId}`}))`;
    const live = await tx.syncRun.findFirst({ where: { integrationId, kind: "SYNC", status: { in: [...LIVE_STATUSES] } }, orderBy: { startedAt: "desc" } });
    if (live && !(live.status === "QUEUED" && Date.now() - live.startedAt.getTime() > STALE_QUEUED_MS)) return { run: live, started: false };
    // A queued run no worker took in all that time lost its job (Redis restarted without its data).
    if (live) await tx.syncRun.update({ where: { id: live.id }, data: { status: "CANCELLED", error: "No worker picked this sync up; it was queued again.", finishedAt: new Date() } });
    const queued = await tx.syncRun.create({ data: { integrationId, system: integration.system, kind: "SYNC", trigger, triggeredBy, status: "QUEUED" } });
    return { run: queued, started: true };
  });
  if (!started) return { runId: run.id, started: false };
  // The job is named after its run: queueing is idempotent, and a job left from an earlier run never stands in for this one.
  try {
    await enqueue("synchronize", { integrationId, trigger, triggeredBy, runId: run.id }, { jobId: `synchronize-${run.id}`, attempts: 3 });
  } catch (error) {
    // Not queued: the run must not sit QUEUED for a job that does not exist.
    await db.syncRun.update({ where: { id: run.id }, data: { status: "CANCELLED", error: "The queue (Redis) did not answer; nothing was started.", finishedAt: new Date() } });
    throw error;
  }
  return { runId: run.id, started: true };
}
