import { db } from "@/lib/db";
import type { Integration, Prisma } from "@/lib/generated/prisma/client";
import { AppError } from "@/lib/errors";
import { describeVendorError, VendorError } from "@/lib/connectors/errors";
import { PendoConnector } from "@/lib/connectors/pendo/client";
import { PxConnector } from "@/lib/connectors/px/client";
import { apiKeyCredentialsSchema, openCredentials } from "@/lib/integrations/credentials";
import { withSalesforce } from "@/lib/integrations/salesforce-client";
import { refreshSalesforceDescribe } from "@/lib/integrations/describe-cache";
import { requireIntegration } from "@/lib/integrations/test-connection";
import { analyticsIntegrations, SYSTEM_LABEL } from "@/lib/hub/integrations";
import { matchAndStore, type MatchSummary } from "@/lib/sync/match/match-integration";
import { logger } from "@/lib/logger";
import { withPullLock } from "@/lib/sync/locks";
import { pullSalesforce, type PullContext } from "@/lib/sync/pull/salesforce-pull";
import { pullPx } from "@/lib/sync/pull/px-pull";
import { pullPendo } from "@/lib/sync/pull/pendo-pull";
import { salesforcePullSettings } from "@/lib/sync/pull/settings";
import { mergeCalls, type PullStats } from "@/lib/sync/stats";

export interface PullSummary {
  runId: string;
  integrationId: string;
  system: Integration["system"];
  mode: string;
  status: "SUCCEEDED" | "FAILED";
  resumed: boolean;
  stats: PullStats;
  apiCalls: Record<string, number>;
  matching: MatchSummary[];
  seconds: number;
  /** Of `seconds`, the time spent matching after the pull. */
  matchSeconds: number;
  error?: string;
}

async function ensureDescribes(integration: Integration) {
  const s = await salesforcePullSettings(integration.id);
  const objects = [s.accountObject, s.contactObject];
  const cached = await db.salesforceDescribe.count({ where: { integrationId: integration.id, objectName: { in: objects } } });
  if (cached < objects.length) await refreshSalesforceDescribe(integration.id, objects);
}

async function pullSystem(integration: Integration, ctx: PullContext, calls: Record<string, number>): Promise<string> {
  if (integration.system === "SALESFORCE") {
    await ensureDescribes(integration);
    return withSalesforce(integration, async (sf) => {
      try {
        return await pullSalesforce(sf, ctx);
      } finally {
        mergeCalls(calls, sf.apiCalls());
      }
    });
  }
  const { key } = openCredentials(integration, apiKeyCredentialsSchema);
  if (integration.system === "PX") {
    const px = new PxConnector({ baseUrl: integration.baseUrl, apiKey: key });
    try {
      return await pullPx(px, ctx);
    } finally {
      mergeCalls(calls, px.apiCalls());
    }
  }
  const pendo = new PendoConnector({ baseUrl: integration.baseUrl, integrationKey: key });
  try {
    return await pullPendo(pendo, ctx);
  } finally {
    mergeCalls(calls, pendo.apiCalls());
  }
}

/** Matching reads Salesforce and one analytics tool: a Salesforce pull re-matches every tool. */
async function rematch(integration: Integration): Promise<MatchSummary[]> {
  const targets = integration.system === "SALESFORCE" ? (await analyticsIntegrations()).map((i) => i.id) : [integration.id];
  const summaries: MatchSummary[] = [];
  for (const id of targets) summaries.push(await matchAndStore(id));
  return summaries;
}

function failureMessage(error: unknown): string {
  if (error instanceof VendorError) return describeVendorError(error);
  if (error instanceof AppError) return error.message;
  return "The pull stopped on an unexpected error; it is logged on the worker. Pull again to resume.";
}

/**
 * Pulls one integration into the hub, then re-runs matching. A run left RUNNING by a killed
 * process is resumed (its checkpoints and cursors are committed page by page), not restarted.
 */
export async function runPull(integrationId: string, trigger: string): Promise<PullSummary> {
  const integration = await requireIntegration(integrationId);
  const label = SYSTEM_LABEL[integration.system];
  if (!integration.secrets || integration.status === "DISABLED") throw new AppError("CONFLICT", `${label} is not connected. Connect it on the Integrations page first.`);
  if (integration.status === "RECONNECT_NEEDED") throw new AppError("CONFLICT", `${label} needs reconnecting before it can be pulled. Use Reconnect on its card.`);

  return withPullLock(integrationId, label, async () => {
    const started = Date.now();
    const leftover = await db.pullRun.findFirst({ where: { integrationId, status: "RUNNING" }, orderBy: { startedAt: "desc" } });
    const run = leftover
      ? await db.pullRun.update({ where: { id: leftover.id }, data: { attempts: { increment: 1 }, heartbeatAt: new Date() } })
      : await db.pullRun.create({ data: { integrationId, system: integration.system, trigger, mode: "pending", stats: {}, apiCalls: {} } });
    const stats = (run.stats ?? {}) as unknown as PullStats;
    const apiCalls = { ...((run.apiCalls ?? {}) as Record<string, number>) };
    const ctx: PullContext = {
      integrationId,
      runId: run.id,
      stats,
      beat: async () => {
        await db.pullRun.update({ where: { id: run.id }, data: { stats: stats as unknown as Prisma.InputJsonObject, heartbeatAt: new Date() } });
      },
    };
    const finish = (data: Prisma.PullRunUpdateInput) =>
      db.pullRun.update({ where: { id: run.id }, data: { ...data, stats: stats as unknown as Prisma.InputJsonObject, apiCalls, finishedAt: new Date(), heartbeatAt: new Date() } });
    try {
      const mode = await pullSystem(integration, ctx, apiCalls);
      const matchStarted = Date.now();
      const matching = await rematch(integration);
      const matchSeconds = (Date.now() - matchStarted) / 1000;
      await finish({ status: "SUCCEEDED", mode, checkpoint: undefined });
      return { runId: run.id, integrationId, system: integration.system, mode, status: "SUCCEEDED", resumed: Boolean(leftover), stats, apiCalls, matching, seconds: (Date.now() - started) / 1000, matchSeconds };
    } catch (error) {
      const message = failureMessage(error);
      logger.warn({ integration: integrationId, run: run.id, err: error instanceof Error ? error.message : String(error) }, "pull failed");
      await finish({ status: "FAILED", error: message }).catch(() => undefined);
      throw error instanceof AppError || error instanceof VendorError ? error : new AppError("UNAVAILABLE", message);
    }
  });
}
