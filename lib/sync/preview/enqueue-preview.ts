import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { salesforceIntegration, SYSTEM_LABEL } from "@/lib/hub/integrations";
import { requireIntegration } from "@/lib/integrations/test-connection";
import { enqueue } from "@/lib/queue/producer";
import { LIVE_STATUSES } from "@/lib/sync/history/params";

/** A preview no worker took in this long lost its job (Redis restarted without its data). */
const STALE_QUEUED_MS = 15 * 60_000;

export interface QueuedPreview {
  runId: string;
  /** False when a preview of the same integration was already queued or running: this is that one. */
  started: boolean;
}

/**
 * Queues a preview of one tool's Synchronize (or, given Salesforce, of "Synchronize all"). One
 * preview per integration at a time: a second click while one is queued or running gets that run
 * back. Recorded QUEUED now, so the page the button opens follows it from the start.
 */
export async function enqueuePreview(integrationId: string, triggeredBy: string | null): Promise<QueuedPreview> {
  const integration = await requireIntegration(integrationId);
  const label = SYSTEM_LABEL[integration.system];
  if (!integration.secrets || integration.status === "DISABLED") throw new AppError("CONFLICT", `${label} is not connected. Connect it first.`);
  if (integration.status === "RECONNECT_NEEDED") throw new AppError("CONFLICT", `${label} needs reconnecting before a sync can be previewed. Use Reconnect on its card.`);
  if (integration.system !== "SALESFORCE") {
    const salesforce = await salesforceIntegration();
    if (!salesforce || salesforce.status !== "CONNECTED") throw new AppError("CONFLICT", "Connect Salesforce before previewing a sync: every sync pulls from it and pushes into it.");
  }
  const { run, started } = await db.$transaction(async (tx) => {
    // Checked and recorded under a lock, so two clicks at the same moment make one preview.
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`enqueue-preview:${integrationId}`}))`;
    const live = await tx.syncRun.findFirst({ where: { integrationId, kind: "PREVIEW", status: { in: [...LIVE_STATUSES] } }, orderBy: { startedAt: "desc" } });
    if (live && !(live.status === "QUEUED" && Date.now() - live.startedAt.getTime() > STALE_QUEUED_MS)) return { run: live, started: false };
    if (live) await tx.syncRun.update({ where: { id: live.id }, data: { status: "CANCELLED", error: "No worker picked this preview up; it was queued again.", finishedAt: new Date() } });
    const queued = await tx.syncRun.create({ data: { integrationId, system: integration.system, kind: "PREVIEW", trigger: "manual", triggeredBy, status: "QUEUED" } });
    return { run: queued, started: true };
  });
  if (!started) return { runId: run.id, started: false };
  try {
    // Named after its run: queueing is idempotent, and a job of an earlier preview never stands in for this one.
    await enqueue("preview", { integrationId, triggeredBy, runId: run.id }, { jobId: `preview-${run.id}`, attempts: 3 });
  } catch (error) {
    await db.syncRun.update({ where: { id: run.id }, data: { status: "CANCELLED", error: "The queue (Redis) did not answer; nothing was started.", finishedAt: new Date() } });
    throw error;
  }
  return { runId: run.id, started: true };
}
