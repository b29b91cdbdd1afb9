import { enqueue } from "@/lib/queue/producer";
import { requireIntegration } from "@/lib/integrations/test-connection";
import { AppError } from "@/lib/errors";
import { SYSTEM_LABEL } from "@/lib/hub/integrations";

export type PullTrigger = "manual" | "schedule" | "cli";

/**
 * Queues a pull. While one for the same integration is waiting or running, the queue keeps that
 * one (deduplication by integration), so pressing Pull now twice runs one pull.
 */
export async function enqueuePull(integrationId: string, trigger: PullTrigger, triggeredBy: string | null = null): Promise<{ jobId: string; queued: boolean }> {
  const integration = await requireIntegration(integrationId);
  if (!integration.secrets || integration.status === "DISABLED") {
    throw new AppError("CONFLICT", `${SYSTEM_LABEL[integration.system]} is not connected. Connect it first.`);
  }
  const dedupId = `pull:${integrationId}`;
  const job = await enqueue("pull", { integrationId, trigger, triggeredBy }, { deduplication: { id: dedupId }, attempts: 5 });
  return { jobId: job.id ?? dedupId, queued: job.data.trigger === trigger };
}
