import { enqueue } from "@/lib/queue/producer";
import { requireIntegration } from "@/lib/integrations/test-connection";
import { closeRun, queueRun } from "@/lib/sync/runs";

export type MatchTrigger = "rules" | "override" | "manual" | "cli";

/**
 * Asks the worker to re-match one analytics tool and returns the run the page can follow. The web
 * process never matches (ARCHITECTURE.md): it records a QUEUED run and enqueues it. Every request
 * gets its own job; the match lock serialises them, and an unchanged re-match writes nothing.
 */
export async function enqueueMatch(integrationId: string, trigger: MatchTrigger, triggeredBy: string | null): Promise<{ runId: string }> {
  const integration = await requireIntegration(integrationId);
  const run = await queueRun({ integrationId, system: integration.system, kind: "MATCH", trigger, triggeredBy });
  try {
    await enqueue("match", { integrationId, runId: run.id, trigger }, { attempts: 5 });
  } catch (error) {
    // Without its job the run would wait forever: say so on the run, and let the caller answer.
    await closeRun(run.id, "FAILED", "The job queue (Redis) did not accept the re-match. Check System status, then save or pin again.");
    throw error;
  }
  return { runId: run.id };
}
