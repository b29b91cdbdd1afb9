import { stopIfCancelled } from "@/lib/sync/cancel";
import type { AnalyticsAccountRow, AnalyticsSource, AnalyticsUserRow } from "@/lib/connectors/records";
import { analyticsPageSize } from "@/lib/integrations/pull-settings";
import { recordResults } from "@/lib/sync/record-results";
import { saveStepProgress } from "@/lib/sync/runs";
import { inTransaction } from "@/lib/sync/sql";
import { emptyStats, type ObjectStats } from "@/lib/sync/stats";
import { cacheAnalyticsFields } from "@/lib/sync/pull/cache-fields";
import type { PullStepContext } from "@/lib/sync/pull/step-context";
import { heldHashes, markUnseenRemoved, writeAnalyticsAccounts, writeAnalyticsUsers } from "@/lib/sync/pull/write-analytics";

// Pendo and PX: read every account, then every user, page by page, writing only what changed;
// once an object is read in full, what the tool no longer has is marked removed. The position is
// per object: a resumed pull skips finished objects and re-reads an unfinished one from the top
// with fresh counts (PX's scroll cannot be rewound, and the set of ids seen lives in memory), so
// a resumed run never counts a record twice; only API calls are spent again.

type Kind = "accounts" | "users";

async function pullObject(source: AnalyticsSource, ctx: PullStepContext, kind: Kind, pageSize: number): Promise<void> {
  if (ctx.checkpoint[kind]?.done === true) return;
  const stats: ObjectStats = (ctx.stats[kind] = emptyStats());
  ctx.checkpoint[kind] = { done: false };
  const seen = new Set<string>();
  const held = await inTransaction((sql) => heldHashes(sql, ctx.integrationId, kind));
  const pages = kind === "accounts" ? source.accountPages(pageSize) : source.userPages(pageSize);
  for await (const page of pages) {
    await stopIfCancelled(ctx.runId);
    for (const r of page) seen.add(r.externalId);
    const at = new Date();
    await inTransaction(async (sql) => {
      if (kind === "accounts") await writeAnalyticsAccounts(sql, ctx.integrationId, page as AnalyticsAccountRow[], stats, at, held);
      else await writeAnalyticsUsers(sql, ctx.integrationId, page as AnalyticsUserRow[], stats, at, held);
      await saveStepProgress(sql, ctx, ctx.stats, ctx.checkpoint);
    });
  }
  await inTransaction(async (sql) => {
    const removed = await markUnseenRemoved(sql, ctx.integrationId, kind, seen, new Date());
    stats.removed += removed.length;
    await recordResults(
      sql,
      ctx,
      removed.map((recordId) => ({
        system: source.system,
        object: kind === "accounts" ? "account" : "user",
        recordId,
        operation: "removed",
        outcome: "succeeded",
        message: `${source.label} no longer has this ${kind === "accounts" ? "account" : "user"}; the hub keeps it, marked removed.`,
      })),
    );
    ctx.checkpoint[kind] = { done: true };
    await saveStepProgress(sql, ctx, ctx.stats, ctx.checkpoint);
  });
}

export async function pullAnalytics(source: AnalyticsSource, ctx: PullStepContext): Promise<"full"> {
  const [accountFields, userFields] = await Promise.all([source.accountFields(), source.userFields()]);
  await cacheAnalyticsFields(ctx.integrationId, "account", `${source.label} account`, accountFields);
  await cacheAnalyticsFields(ctx.integrationId, "user", `${source.label} ${source.userNoun}`, userFields);
  const pageSize = await analyticsPageSize(ctx.integrationId, source.pageSize.default, source.pageSize.max);
  await pullObject(source, ctx, "accounts", pageSize);
  await pullObject(source, ctx, "users", pageSize);
  return "full";
}
