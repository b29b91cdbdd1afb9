import { db } from "@/lib/db";
import type { SalesforceConnector } from "@/lib/connectors/salesforce/connection";
import { deletedSince, type DeletedRecord } from "@/lib/connectors/salesforce/changes";
import type { SourcePlan } from "@/lib/connectors/salesforce/records";
import { firstPullSince, type SalesforcePullSettings } from "@/lib/integrations/pull-settings";
import { SYSTEM_LABEL } from "@/lib/hub/integrations";
import { recordResults, type RecordResult } from "@/lib/sync/record-results";
import { saveStepProgress } from "@/lib/sync/runs";
import { inTransaction } from "@/lib/sync/sql";
import { statsFor, type ObjectStats } from "@/lib/sync/stats";
import type { PullStepContext } from "@/lib/sync/pull/step-context";
import { markSfDeleted } from "@/lib/sync/pull/write-health-records";

// Seed 003: a record deleted or merged in Salesforce is never deleted from the hub by a pull. If
// anything hangs on it (an analytics record linked or pinned to it) it is marked TO_MERGE, else
// TO_DELETE, and an admin reviews both lists on the Exceptions page. Cases and opportunities are
// history, not matched: a deletion only sets deletedAt.

/** Applies one object's deletions to the hub, counting them into `stats`; returns the per-record results to keep. */
export type Retire = (ctx: PullStepContext, plan: SourcePlan, deleted: DeletedRecord[], stats: ObjectStats) => Promise<RecordResult[]>;

async function whatHangsOn(entity: "ACCOUNT" | "CONTACT", salesforceId: string, labels: Map<string, string>): Promise<string[]> {
  const [links, pins] = await Promise.all([
    db.matchLink.findMany({ where: { entity, salesforceId }, select: { integrationId: true, analyticsId: true } }),
    db.matchOverride.findMany({ where: { entity, salesforceId, action: "PIN" }, select: { integrationId: true, analyticsId: true } }),
  ]);
  return [
    ...links.map((l) => `linked from ${labels.get(l.integrationId) ?? "an analytics tool"} ${l.analyticsId}`),
    ...pins.map((p) => `pinned from ${labels.get(p.integrationId) ?? "an analytics tool"} ${p.analyticsId}`),
  ];
}

const str = (v: unknown) => (typeof v === "string" && v !== "" ? v : null);

/** Accounts and contacts: kept, marked to delete or to merge, for an admin to review. */
export function retireForReview(entity: "ACCOUNT" | "CONTACT"): Retire {
  return async (ctx, plan, deleted, stats) => {
    const table = entity === "ACCOUNT" ? db.sfAccount : db.sfContact;
    const live = new Set(
      (await (table as typeof db.sfAccount).findMany({ where: { integrationId: ctx.integrationId, id: { in: deleted.map((d) => d.Id) }, state: "ACTIVE" }, select: { id: true } })).map((r) => r.id),
    );
    const labels = new Map((await db.integration.findMany({ select: { id: true, system: true } })).map((i) => [i.id, SYSTEM_LABEL[i.system]]));
    const results: RecordResult[] = [];
    for (const d of deleted) {
      if (!live.has(d.Id)) continue;
      const master = d.MasterRecordId || null;
      const hangs = await whatHangsOn(entity, d.Id, labels);
      const state = hangs.length > 0 ? "TO_MERGE" : "TO_DELETE";
      const gone = master ? `merged into ${master}` : "deleted in Salesforce";
      const data = { state, masterRecordId: master, deletedAt: new Date(d.SystemModstamp) } as const;
      const where = { integrationId_id: { integrationId: ctx.integrationId, id: d.Id } };
      if (entity === "ACCOUNT") {
        const retiredReason = hangs.length > 0 ? `${gone}; ${hangs.join("; ")}` : `${gone}; nothing in the hub depends on it`;
        // The name as Salesforce last had it: an account renamed just before a merge is listed under its new name.
        const name = str(d[plan.roles.name!]);
        await db.sfAccount.update({ where, data: { ...data, retiredReason, ...(name ? { name } : {}) } });
      } else {
        await db.sfContact.update({ where, data });
      }
      if (master) stats.merged++;
      else stats.deleted++;
      results.push({
        system: "salesforce",
        object: entity === "ACCOUNT" ? "account" : "contact",
        recordId: d.Id,
        operation: master ? "merged" : "deleted",
        outcome: "succeeded",
        message: `${gone}; kept in the hub as ${state === "TO_MERGE" ? "to merge" : "to delete"}${hangs.length ? ` (${hangs.join("; ")})` : ""}. Review it on the Exceptions page.`,
      });
    }
    return results;
  };
}

/** Cases and opportunities: kept, with the time Salesforce deleted them (they never merge). */
export function markDeleted(table: "SfCase" | "SfOpportunity"): Retire {
  return async (ctx, _plan, deleted, stats) => {
    const gone = deleted.map((d) => ({ id: d.Id, at: new Date(d.SystemModstamp) }));
    stats.deleted += (await inTransaction((sql) => markSfDeleted(sql, table, ctx.integrationId, gone))).length;
    return [];
  };
}

/**
 * Reads what was deleted or merged since this object's deletion cursor (queryAll), lets `retire`
 * apply it, then commits the results, the counts and the cursor together.
 */
export async function pullDeleted(sf: SalesforceConnector, ctx: PullStepContext, object: { key: string; plan: SourcePlan; retire: Retire | null }, s: SalesforcePullSettings) {
  if (!object.retire) return;
  const { plan } = object;
  const cursorName = `${plan.object}#deleted`;
  const key = { integrationId_objectName: { integrationId: ctx.integrationId, objectName: cursorName } };
  const cursor = await db.pullCursor.findUnique({ where: key });
  const from = cursor ? new Date(cursor.systemModstamp.getTime() - s.lookbackSeconds * 1000) : firstPullSince(s);
  const deleted: DeletedRecord[] = await deletedSince(sf, plan, from);
  const results = await object.retire(ctx, plan, deleted, statsFor(ctx.stats, object.key));
  const newest = deleted.at(-1);
  await inTransaction(async (sql) => {
    await recordResults(sql, ctx, results);
    await saveStepProgress(sql, ctx, ctx.stats, ctx.checkpoint);
    if (newest) {
      await sql.query(
        `INSERT INTO "PullCursor" ("integrationId", "objectName", "systemModstamp", "lastId", "updatedAt") VALUES ($1, $2, $3::timestamp, $4, $5::timestamp)
         ON CONFLICT ("integrationId", "objectName") DO UPDATE SET "systemModstamp" = EXCLUDED."systemModstamp", "lastId" = EXCLUDED."lastId", "updatedAt" = EXCLUDED."updatedAt"`,
        [ctx.integrationId, cursorName, new Date(newest.SystemModstamp).toISOString(), newest.Id, new Date().toISOString()],
      );
    }
  });
}
