import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import type { IntegrationSystem } from "@/lib/generated/prisma/client";
import { redisDownSentence } from "@/lib/queue/connection";
import { getSystemStatus } from "@/lib/system/status";
import { getRunDetail, type RunDetail } from "@/lib/sync/history/run-detail";
import { LIVE_STATUSES } from "@/lib/sync/history/params";
import { enqueueSync } from "@/lib/sync/push/enqueue-sync";

// `cli sync` without --inline: queue the sync for the worker (Salesforce, or no --integration,
// means every tool in one run), and with --wait follow its run until it ends or the time is up.

const POLL_MS = 1000;

export interface QueuedSyncResult {
  runId: string;
  started: boolean;
  /** With --wait: the run as it ended (or as it stood when the wait gave up). */
  run?: RunDetail;
  gaveUp?: string;
}

async function target(system?: IntegrationSystem) {
  const row = await db.integration.findFirst({ where: { system: system ?? "SALESFORCE", secrets: { not: null } } });
  if (!row) throw new AppError("CONFLICT", `${(system ?? "SALESFORCE").toLowerCase()} is not connected. Run: npm run -s cli -- connect-demo, or connect it in the console.`);
  return row;
}

export async function syncViaWorker(system: IntegrationSystem | undefined, wait: boolean, waitMinutes: number, onProgress?: (run: RunDetail) => void): Promise<QueuedSyncResult> {
  const integration = await target(system);
  if (wait) {
    const status = await getSystemStatus();
    if (status.redis.status !== "up") throw new AppError("UNAVAILABLE", redisDownSentence("start it (or correct REDIS_URL), or run the sync here with --inline"));
    if (status.workers.status !== "up") throw new AppError("UNAVAILABLE", `${status.workers.message}, or run the sync here with --inline.`);
  }
  const { runId, started } = await enqueueSync(integration.id, "cli", null);
  if (!wait) return { runId, started };
  const deadline = Date.now() + waitMinutes * 60_000;
  for (;;) {
    const run = await getRunDetail(runId);
    if (!run) throw new AppError("NOT_FOUND", `Run ${runId} disappeared from the database.`);
    if (!LIVE_STATUSES.includes(run.status)) return { runId, started, run };
    onProgress?.(run);
    if (Date.now() >= deadline) return { runId, started, run, gaveUp: `not finished after ${waitMinutes} minute(s); stopped waiting. The worker carries on: follow it with npm run -s cli -- runs show ${runId}` };
    await new Promise((r) => setTimeout(r, POLL_MS));
  }
}
