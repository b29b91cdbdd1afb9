import { AppError } from "@/lib/errors";
import { logger } from "@/lib/logger";
import type { JobPayload } from "@/lib/queue/jobs";
import { enqueuePull } from "@/lib/sync/pull/enqueue-pull";
import { enqueueSync } from "@/lib/sync/push/enqueue-sync";

export type ScheduledRunResult = { action: "pull" | "synchronize"; queued: boolean; runId?: string } | { action: "pull" | "synchronize"; skipped: string };

/**
 * A schedule fell due: queue the integration's pull or Synchronize with trigger "schedule", as a
 * click would (a pull already queued or running, or a live Synchronize, is joined, not doubled).
 */
export async function startScheduledRun({ integrationId, action }: JobPayload<"scheduledRun">): Promise<ScheduledRunResult> {
  try {
    if (action === "pull") {
      const { queued } = await enqueuePull(integrationId, "schedule");
      return { action, queued };
    }
    const { runId, started } = await enqueueSync(integrationId, "schedule", null);
    return { action, queued: started, runId };
  } catch (error) {
    // Disconnected, Salesforce gone, or a reconnect needed: nothing can start until an admin acts.
    // Retrying would not help; the card and the "scheduled run did not start" alert say what to do,
    // and the periodic apply removes a disconnected integration's schedulers.
    if (error instanceof AppError && (error.code === "CONFLICT" || error.code === "NOT_FOUND")) {
      logger.warn({ integration: integrationId, action, reason: error.message }, "scheduled run not started");
      return { action, skipped: error.message };
    }
    throw error;
  }
}
