import { QueueEvents } from "bullmq";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { describeVendorError, VendorError } from "@/lib/connectors/errors";
import type { IntegrationSystem } from "@/lib/generated/prisma/client";
import { createWorkerConnection, closeRedis } from "@/lib/queue/connection";
import { getQueue } from "@/lib/queue/producer";
import { getSystemStatus } from "@/lib/system/status";
import { enqueuePull } from "@/lib/sync/pull/enqueue-pull";
import { runPull, type PullSummary } from "@/lib/sync/pull/run-pull";

// `cli pull`: queue pulls for the worker (optionally waiting for them), or run them here with
// --inline. Salesforce goes first so the analytics tools match against fresh accounts.

const ORDER: IntegrationSystem[] = ["SALESFORCE", "PENDO", "PX"];
const JOB_TIMEOUT_MS = 2 * 3600 * 1000;

async function targets(system?: IntegrationSystem) {
  const rows = await db.integration.findMany({ where: { secrets: { not: null }, status: { not: "DISABLED" }, ...(system ? { system } : {}) } });
  if (rows.length === 0) throw new AppError("CONFLICT", system ? `${system.toLowerCase()} is not connected. Run: npm run cli -- connect-demo, or connect it in the console.` : "Nothing is connected yet. Run: npm run cli -- connect-demo, or connect the integrations in the console.");
  return rows.sort((a, b) => ORDER.indexOf(a.system) - ORDER.indexOf(b.system));
}

export type InlinePull = PullSummary | { integrationId: string; system: IntegrationSystem; status: "FAILED"; error: string };

/** Pulls each target here and now; one failing system does not stop the others. */
export async function pullInline(system?: IntegrationSystem): Promise<InlinePull[]> {
  const summaries: InlinePull[] = [];
  for (const integration of await targets(system)) {
    try {
      summaries.push(await runPull(integration.id, { trigger: "cli" }));
    } catch (error) {
      const message = error instanceof AppError || error instanceof VendorError ? (error instanceof VendorError ? describeVendorError(error) : error.message) : String(error);
      summaries.push({ integrationId: integration.id, system: integration.system, status: "FAILED", error: message });
    }
  }
  return summaries;
}

export type QueuedPull = { integrationId: string; system: IntegrationSystem; jobId: string; result?: unknown; error?: string };

export async function pullViaWorker(system: IntegrationSystem | undefined, wait: boolean): Promise<QueuedPull[]> {
  const rows = await targets(system);
  if (wait) {
    const status = await getSystemStatus();
    if (status.workers.status !== "up") throw new AppError("UNAVAILABLE", `${status.workers.message}, or run the pull here with --inline.`);
  }
  const queued: QueuedPull[] = [];
  for (const i of rows) queued.push({ integrationId: i.id, system: i.system, jobId: (await enqueuePull(i.id, "cli")).jobId });
  if (!wait) return queued;
  const connection = createWorkerConnection("cli-pull-events");
  const events = new QueueEvents("sync", { connection, prefix: env.QUEUE_PREFIX });
  try {
    await events.waitUntilReady();
    const queue = getQueue("sync");
    for (const q of queued) {
      const job = await queue.getJob(q.jobId);
      if (!job) continue;
      try {
        q.result = await job.waitUntilFinished(events, JOB_TIMEOUT_MS);
      } catch (error) {
        q.error = error instanceof Error ? error.message : String(error);
      }
    }
  } finally {
    await events.close();
    await closeRedis(connection);
  }
  return queued;
}
