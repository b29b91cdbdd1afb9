import { QueueEvents } from "bullmq";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { createWorkerConnection } from "@/lib/queue/connection";
import { enqueue } from "@/lib/queue/producer";
import type { MatchRules } from "@/lib/matching/rules";
import type { RulesPreview } from "@/lib/sync/match/preview-rules";

// The matching page's Preview: the web process never matches, so it asks the worker and waits for
// the answer (matching 90,000 users takes seconds, well inside the wait).

const WAIT_MS = 60_000;
const globalForEvents = globalThis as unknown as { previewEvents?: QueueEvents };

function previewEvents(): QueueEvents {
  return (globalForEvents.previewEvents ??= new QueueEvents("integrations", { connection: createWorkerConnection("preview-events"), prefix: env.QUEUE_PREFIX }));
}

export async function requestPreview(integrationId: string, rules: MatchRules): Promise<RulesPreview> {
  const events = previewEvents();
  await events.waitUntilReady();
  // Kept briefly: the result is read once by the request waiting on it.
  const job = await enqueue("matchPreview", { integrationId, rules }, { attempts: 1, removeOnComplete: { age: 300 }, removeOnFail: { age: 3600 } });
  try {
    return (await job.waitUntilFinished(events, WAIT_MS)) as RulesPreview;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (/timed out|before finishing/i.test(message)) {
      throw new AppError("UNAVAILABLE", `The worker did not answer the preview within ${WAIT_MS / 1000} s. Check that it runs (System status), then preview again.`);
    }
    throw new AppError("UNAVAILABLE", `The preview failed in the worker: ${message}. Preview again; if it repeats, check the worker's log.`);
  }
}
