import { AppError } from "@/lib/errors";
import { SYSTEM_LABEL } from "@/lib/hub/integrations";
import { requireIntegration } from "@/lib/integrations/test-connection";
import { enqueue } from "@/lib/queue/producer";

/**
 * Queues a Synchronize of one Pendo or PX integration. While one is waiting or running, the queue
 * keeps that one (deduplication per integration): a second click joins the running sync.
 */
export async function enqueueSync(integrationId: string, triggeredBy: string | null): Promise<{ jobId: string }> {
  const integration = await requireIntegration(integrationId);
  if (integration.system === "SALESFORCE") throw new AppError("INVALID_INPUT", "Synchronize runs from the Pendo or Gainsight PX card: Salesforce is what it writes into.");
  if (!integration.secrets || integration.status === "DISABLED") throw new AppError("CONFLICT", `${SYSTEM_LABEL[integration.system]} is not connected. Connect it first.`);
  const dedupId = `synchronize:${integrationId}`;
  const job = await enqueue("synchronize", { integrationId, trigger: "manual", triggeredBy }, { deduplication: { id: dedupId }, attempts: 3 });
  return { jobId: job.id ?? dedupId };
}
