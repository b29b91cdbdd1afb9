import { db } from "@/lib/db";
import type { SalesforceConnector } from "@/lib/connectors/salesforce/connection";
import { deletedSince, type DeletedRecord } from "@/lib/connectors/salesforce/changes";
import type { SourcePlan } from "@/lib/connectors/salesforce/records";
import { firstPullSince, type SalesforcePullSettings } from "@/lib/integrations/pull-settings";
import { SYSTEM_LABEL } from "@/lib/hub/integrations";
import { recordResults, type RecordResult } from "@/lib/sync/record-results";
import { saveStepProgress } from "@/lib/sync/runs";
import { inTransaction } from "@/lib/sync/sql";
import { statsFor } from "@/lib/sync/stats";
import type { PullStepContext } from "@/lib/sync/pull/step-context";

// Seed 003: a record deleted or merged in Salesforce is never deleted from the hub by a pull. If
// anything hangs on it (an analytics record linked or pinned to it) it is marked TO_MERGE, else
// TO_DELETE, and an admin reviews both lists on the Exceptions page.

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

export async function retireDeleted(sf: SalesforceConnector, ctx: PullStepContext, plan: SourcePlan, s: SalesforcePullSettings, object: "accounts" | "contacts") {
  const cursorName = `${plan.object}#deleted`;
  const key = { integrationId_objectName: { integrationId: ctx.integrationId, objectName: cursorName } };
  const cursor = await db.pullCursor.findUnique({ where: key });
  const from = cursor ? new Date(cursor.systemModstamp.getTime() - s.lookbackSeconds * 1000) : firstPullSince(s);
  const deleted: DeletedRecord[] = await deletedSince(sf, plan, from);
  const stats = statsFor(ctx.stats, object);
  const entity = object === "accounts" ? "ACCOUNT" : "CONTACT";
  const table = object === "accounts" ? db.sfAccount : db.sfContact;
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
    if (object === "accounts") {
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
      object: object === "accounts" ? "account" : "contact",
      recordId: d.Id,
      operation: master ? "merged" : "deleted",
      outcome: "succeeded",
      message: `${gone}; kept in the hub as ${state === "TO_MERGE" ? "to merge" : "to delete"}${hangs.length ? ` (${hangs.join("; ")})` : ""}. Review it on the Exceptions page.`,
    });
  }
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
