import { db } from "@/lib/db";
import type { SalesforceConnector } from "@/lib/connectors/salesforce/connection";
import type { SalesforcePullSettings } from "@/lib/sync/pull/settings";
import type { SourcePlan } from "@/lib/sync/pull/salesforce-source";
import type { PullContext } from "@/lib/sync/pull/salesforce-pull";
import { statsFor } from "@/lib/sync/stats";
import { SYSTEM_LABEL } from "@/lib/hub/integrations";

// Seed 003: a record deleted or merged in Salesforce is never deleted from the hub by a pull. If
// anything hangs on it (an analytics record linked or pinned to it) it is marked TO_MERGE, else
// TO_DELETE, and an admin reviews both lists on the Exceptions page.

type Deleted = { Id: string; SystemModstamp: string; MasterRecordId?: string | null };

async function whatHangsOn(entity: "ACCOUNT" | "CONTACT", salesforceId: string): Promise<string[]> {
  const [links, pins] = await Promise.all([
    db.matchLink.findMany({ where: { entity, salesforceId }, select: { integrationId: true, analyticsId: true } }),
    db.matchOverride.findMany({ where: { entity, salesforceId, action: "PIN" }, select: { integrationId: true, analyticsId: true } }),
  ]);
  const systems = new Map((await db.integration.findMany({ select: { id: true, system: true } })).map((i) => [i.id, SYSTEM_LABEL[i.system]]));
  return [
    ...links.map((l) => `linked from ${systems.get(l.integrationId) ?? "an analytics tool"} ${l.analyticsId}`),
    ...pins.map((p) => `pinned from ${systems.get(p.integrationId) ?? "an analytics tool"} ${p.analyticsId}`),
  ];
}

export async function retireDeleted(sf: SalesforceConnector, ctx: PullContext, plan: SourcePlan, s: SalesforcePullSettings, object: "accounts" | "contacts") {
  const cursorName = `${plan.object}#deleted`;
  const key = { integrationId_objectName: { integrationId: ctx.integrationId, objectName: cursorName } };
  const cursor = await db.pullCursor.findUnique({ where: key });
  const since = cursor ? new Date(cursor.systemModstamp.getTime() - s.lookbackSeconds * 1000) : new Date(Date.now() - s.firstPullMonths * 31 * 86_400_000);
  const fields = ["Id", "SystemModstamp", ...(plan.hasMasterRecordId ? ["MasterRecordId"] : [])].join(", ");
  const deleted = await sf.query<Deleted>(
    `SELECT ${fields} FROM ${plan.object} WHERE IsDeleted = true AND SystemModstamp >= ${since.toISOString()} ORDER BY SystemModstamp ASC, Id ASC`,
    { includeDeleted: true },
  );
  const stats = statsFor(ctx.stats, object);
  const entity = object === "accounts" ? "ACCOUNT" : "CONTACT";
  const ids = deleted.map((d) => d.Id);
  const table = object === "accounts" ? db.sfAccount : db.sfContact;
  const live = new Set(
    (await (table as typeof db.sfAccount).findMany({ where: { integrationId: ctx.integrationId, id: { in: ids }, state: "ACTIVE" }, select: { id: true } })).map((r) => r.id),
  );
  for (const d of deleted) {
    if (!live.has(d.Id)) continue;
    const master = d.MasterRecordId || null;
    const hangs = await whatHangsOn(entity, d.Id);
    const state = hangs.length > 0 ? "TO_MERGE" : "TO_DELETE";
    const gone = master ? `merged into ${master}` : "deleted in Salesforce";
    const data = { state, masterRecordId: master, deletedAt: new Date(d.SystemModstamp) } as const;
    if (object === "accounts") {
      const retiredReason = hangs.length > 0 ? `${gone}; ${hangs.join("; ")}` : `${gone}; nothing in the hub depends on it`;
      await db.sfAccount.update({ where: { integrationId_id: { integrationId: ctx.integrationId, id: d.Id } }, data: { ...data, retiredReason } });
    } else {
      await db.sfContact.update({ where: { integrationId_id: { integrationId: ctx.integrationId, id: d.Id } }, data });
    }
    if (master) stats.merged++;
    else stats.deleted++;
  }
  const newest = deleted.at(-1);
  if (newest) await db.pullCursor.upsert({ where: key, create: { integrationId: ctx.integrationId, objectName: cursorName, systemModstamp: new Date(newest.SystemModstamp), lastId: newest.Id }, update: { systemModstamp: new Date(newest.SystemModstamp), lastId: newest.Id } });
}
