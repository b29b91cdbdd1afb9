import { logger } from "@/lib/logger";
import type { JobPayload } from "@/lib/queue/jobs";
import { runPreview } from "@/lib/sync/preview/run-preview";
import { rethrow } from "@/workers/processors/sync";

/** A queued preview (the card's Preview button): same retry rules as a Synchronize. */
export async function previewSync({ integrationId, triggeredBy, runId }: JobPayload<"preview">) {
  try {
    const result = await runPreview(integrationId, { trigger: "manual", triggeredBy, runId });
    logger.info({ integration: integrationId, run: result.runId, status: result.status }, "preview done");
    return { runId: result.runId, status: result.status };
  } catch (error) {
    rethrow(error);
  }
}
