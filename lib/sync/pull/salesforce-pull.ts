import { stopIfCancelled } from "@/lib/sync/cancel";
import { db } from "@/lib/db";
import type { SalesforceConnector } from "@/lib/connectors/salesforce/connection";
import { bulkChanged, changedPage, countChanged, type Position } from "@/lib/connectors/salesforce/changes";
import type { SfRecord } from "@/lib/connectors/salesforce/records";
import { firstPullSince, salesforcePullSettings, type SalesforcePullSettings } from "@/lib/integrations/pull-settings";
import { saveStepProgress } from "@/lib/sync/runs";
import { inTransaction, type Sql } from "@/lib/sync/sql";
import { emptyStats, type ObjectStats } from "@/lib/sync/stats";
import { pullDeleted } from "@/lib/sync/pull/salesforce-deleted";
import { salesforceObjects, type SalesforceObjectPull } from "@/lib/sync/pull/salesforce-objects";
import type { PullStepContext } from "@/lib/sync/pull/step-context";

// Salesforce pull, per source object. The first pull reads every record (or the window an admin
// chose); later pulls page on the committed (SystemModstamp, Id) cursor, starting a look-back
// window before it for records committed late with an earlier stamp. The cursor, the page and the
// step's counts commit together, so a killed pull resumes exactly after its last committed page.
// The objects and what differs between them are listed in salesforce-objects.ts.

type Mode = "first" | "incremental";
interface ObjectCheckpoint {
  mode: Mode;
  /** REST pages resume from the cursor; a Bulk 2.0 read that was cut starts over. */
  path: "rest" | "bulk";
  since: string | null;
  done: boolean;
}

async function committedCursor(integrationId: string, object: string): Promise<Position | null> {
  const cursor = await db.pullCursor.findUnique({ where: { integrationId_objectName: { integrationId, objectName: object } } });
  return cursor ? { stamp: cursor.systemModstamp, id: cursor.lastId } : null;
}

/** Moves the cursor forward only: a look-back re-read must not rewind the committed position. */
async function saveCursor(sql: Sql, integrationId: string, objectName: string, to: Position): Promise<void> {
  await sql.query(
    `INSERT INTO "PullCursor" ("integrationId", "objectName", "systemModstamp", "lastId", "updatedAt")
     VALUES ($1, $2, $3::timestamp, $4, $5::timestamp)
     ON CONFLICT ("integrationId", "objectName") DO UPDATE
       SET "systemModstamp" = EXCLUDED."systemModstamp", "lastId" = EXCLUDED."lastId", "updatedAt" = EXCLUDED."updatedAt"
     WHERE ("PullCursor"."systemModstamp", "PullCursor"."lastId" COLLATE "C") < (EXCLUDED."systemModstamp", EXCLUDED."lastId" COLLATE "C")`,
    [integrationId, objectName, to.stamp.toISOString(), to.id, new Date().toISOString()],
  );
}

const newer = (a: Position | null, b: Position) => !a || b.stamp > a.stamp || (b.stamp.getTime() === a.stamp.getTime() && b.id > a.id);
const positionOf = (r: SfRecord): Position => ({ stamp: new Date(String(r.SystemModstamp)), id: String(r.Id) });

async function pullObject(sf: SalesforceConnector, ctx: PullStepContext, object: SalesforceObjectPull, s: SalesforcePullSettings): Promise<Mode> {
  const { key, plan } = object;
  // Read at each write: a fresh (not resumed) read replaces the object's counts below.
  const write = (sql: Sql, records: SfRecord[], at: Date) => object.write(sql, records, ctx.stats[key] as unknown as ObjectStats, at);
  const held = ctx.checkpoint[key] as ObjectCheckpoint | undefined;
  if (held?.done) return held.mode;
  const cursor = await committedCursor(ctx.integrationId, plan.object);
  const resumeRest = held?.path === "rest";
  if (!resumeRest) ctx.stats[key] = emptyStats();
  const mode: Mode = held?.mode ?? (cursor ? "incremental" : "first");
  const from = held ? (held.since ? new Date(held.since) : null) : cursor ? new Date(cursor.stamp.getTime() - s.lookbackSeconds * 1000) : firstPullSince(s);
  const since = from?.toISOString() ?? null;

  if (!resumeRest && (await countChanged(sf, plan.object, from)) > s.bulkThreshold) {
    // Bulk results come unordered, so the cursor moves once, to the newest record read, at the end.
    const checkpoint: ObjectCheckpoint = { mode, path: "bulk", since, done: false };
    ctx.checkpoint[key] = { ...checkpoint };
    let newest: Position | null = null;
    await bulkChanged(sf, plan, from, async (records) => {
      await inTransaction(async (sql) => {
        await write(sql, records, new Date());
        await saveStepProgress(sql, ctx, ctx.stats, ctx.checkpoint);
      });
      for (const r of records) {
        const p = positionOf(r);
        if (newer(newest, p)) newest = p;
      }
    });
    await inTransaction(async (sql) => {
      if (newest) await saveCursor(sql, ctx.integrationId, plan.object, newest);
      ctx.checkpoint[key] = { ...checkpoint, done: true };
      await saveStepProgress(sql, ctx, ctx.stats, ctx.checkpoint);
    });
    return mode;
  }

  let after: Position | null = resumeRest ? cursor : null;
  for (;;) {
    await stopIfCancelled(ctx.runId);
    const records = await changedPage(sf, plan, from, after, s.pageSize);
    const done = records.length < s.pageSize;
    const last = records.at(-1);
    if (last) after = positionOf(last);
    ctx.checkpoint[key] = { mode, path: "rest", since, done } satisfies ObjectCheckpoint;
    await inTransaction(async (sql) => {
      if (records.length) await write(sql, records, new Date());
      if (after && last) await saveCursor(sql, ctx.integrationId, plan.object, after);
      await saveStepProgress(sql, ctx, ctx.stats, ctx.checkpoint);
    });
    if (done) return mode;
  }
}

/** Pulls every object in order, then what each lost to deletions and merges; the mode is the first object's. */
export async function pullSalesforce(sf: SalesforceConnector, ctx: PullStepContext): Promise<Mode> {
  const settings = await salesforcePullSettings(ctx.integrationId);
  const objects = await salesforceObjects(sf, ctx.integrationId, settings);
  const modes: Mode[] = [];
  for (const object of objects) modes.push(await pullObject(sf, ctx, object, settings));
  for (const object of objects) await pullDeleted(sf, ctx, object, settings);
  return modes[0]!;
}
