import { db } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { SalesforceConnector } from "@/lib/connectors/salesforce/connection";
import { salesforcePullSettings, type SalesforcePullSettings } from "@/lib/sync/pull/settings";
import { accountSource, contactSource, type SourcePlan } from "@/lib/sync/pull/salesforce-source";
import { writeSfAccounts, writeSfContacts, type SfAccountRow, type SfContactRow } from "@/lib/sync/pull/write-salesforce";
import { retireDeleted } from "@/lib/sync/pull/salesforce-deleted";
import { statsFor, type PullStats } from "@/lib/sync/stats";

// Salesforce pull, per source object: the first pull reads the last six months; later pulls
// page on the (SystemModstamp, Id) cursor, starting a look-back window before it. The cursor is
// committed with each page, so a killed pull resumes where it stopped, and keyset paging on
// both columns never skips records that share a stamp or were modified while the pull ran.

export interface PullContext {
  integrationId: string;
  runId: string;
  stats: PullStats;
  /** Called after each committed page. */
  beat: () => Promise<void>;
}

type SfRecord = Record<string, unknown>;
type Writer = (tx: Prisma.TransactionClient, rows: SfRecord[], at: Date) => Promise<void>;

const str = (v: unknown): string | null => (typeof v === "string" && v !== "" ? v : typeof v === "number" ? String(v) : null);

/** SOQL datetime literal: ISO-8601 in UTC, unquoted. */
const soqlDate = (d: Date) => d.toISOString();
const soqlString = (s: string) => `'${s.replace(/\\/g, "\\\\").replace(/'/g, "\\'")}'`;

function customFields(plan: SourcePlan, record: SfRecord): Record<string, unknown> {
  const standard = new Set(["Id", "SystemModstamp", "attributes", ...Object.values(plan.roles)]);
  const fields: Record<string, unknown> = {};
  for (const f of plan.fields) if (!standard.has(f) && record[f] !== undefined) fields[f] = record[f] === "" ? null : record[f];
  return fields;
}

function toAccountRow(plan: SourcePlan, r: SfRecord): SfAccountRow {
  return {
    id: String(r.Id),
    objectName: plan.object,
    name: str(r[plan.roles.name!]),
    website: str(r[plan.roles.website!]),
    ownerId: str(r.OwnerId),
    fields: customFields(plan, r),
    systemModstamp: new Date(String(r.SystemModstamp)),
  };
}

function toContactRow(plan: SourcePlan, r: SfRecord): SfContactRow {
  return {
    id: String(r.Id),
    objectName: plan.object,
    accountId: str(r[plan.roles.account!]),
    email: str(r[plan.roles.email!]),
    phone: str(r[plan.roles.phone!]),
    name: str(r.Name),
    fields: customFields(plan, r),
    systemModstamp: new Date(String(r.SystemModstamp)),
  };
}

async function startingPoint(ctx: PullContext, object: string, s: SalesforcePullSettings): Promise<{ since: Date; mode: "first" | "incremental" }> {
  const cursor = await db.pullCursor.findUnique({ where: { integrationId_objectName: { integrationId: ctx.integrationId, objectName: object } } });
  if (cursor) return { since: new Date(cursor.systemModstamp.getTime() - s.lookbackSeconds * 1000), mode: "incremental" };
  const since = new Date();
  since.setUTCMonth(since.getUTCMonth() - s.firstPullMonths);
  return { since, mode: "first" };
}

async function saveCursor(tx: Pick<typeof db, "pullCursor">, integrationId: string, objectName: string, stamp: Date, lastId: string) {
  const key = { integrationId_objectName: { integrationId, objectName } };
  const held = await tx.pullCursor.findUnique({ where: key });
  // Never move backwards: a look-back re-read must not rewind the committed position.
  if (held && (held.systemModstamp > stamp || (held.systemModstamp.getTime() === stamp.getTime() && held.lastId >= lastId))) return;
  await tx.pullCursor.upsert({ where: key, create: { integrationId, objectName, systemModstamp: stamp, lastId }, update: { systemModstamp: stamp, lastId } });
}

async function pullObject(sf: SalesforceConnector, ctx: PullContext, plan: SourcePlan, s: SalesforcePullSettings, write: Writer): Promise<"first" | "incremental"> {
  const { since, mode } = await startingPoint(ctx, plan.object, s);
  const select = plan.fields.join(", ");
  const changed = await sf.count(`SELECT COUNT() FROM ${plan.object} WHERE SystemModstamp >= ${soqlDate(since)}`);

  if (changed > s.bulkThreshold) {
    // Bulk results come unordered, so the cursor moves once, to the newest record read, at the end.
    let newest: { stamp: Date; id: string } | null = null;
    await sf.bulkQuery(`SELECT ${select} FROM ${plan.object} WHERE SystemModstamp >= ${soqlDate(since)}`, async (records) => {
      await db.$transaction(async (tx) => write(tx, records, new Date()), { timeout: 120_000 });
      for (const r of records) {
        const stamp = new Date(String(r.SystemModstamp));
        if (!newest || stamp > newest.stamp || (stamp.getTime() === newest.stamp.getTime() && String(r.Id) > newest.id)) newest = { stamp, id: String(r.Id) };
      }
      await ctx.beat();
    });
    const last = newest as { stamp: Date; id: string } | null;
    if (last) await saveCursor(db, ctx.integrationId, plan.object, last.stamp, last.id);
    return mode;
  }

  let position: { stamp: Date; id: string } | null = null;
  for (;;) {
    const where: string = position
      ? `SystemModstamp > ${soqlDate(position.stamp)} OR (SystemModstamp = ${soqlDate(position.stamp)} AND Id > ${soqlString(position.id)})`
      : `SystemModstamp >= ${soqlDate(since)}`;
    const records: SfRecord[] = await sf.query<SfRecord>(`SELECT ${select} FROM ${plan.object} WHERE ${where} ORDER BY SystemModstamp ASC, Id ASC LIMIT ${s.pageSize}`);
    if (records.length === 0) break;
    const last: SfRecord = records[records.length - 1]!;
    position = { stamp: new Date(String(last.SystemModstamp)), id: String(last.Id) };
    const committed = position;
    await db.$transaction(
      async (tx) => {
        await write(tx, records, new Date());
        await saveCursor(tx, ctx.integrationId, plan.object, committed.stamp, committed.id);
      },
      { timeout: 120_000 },
    );
    await ctx.beat();
    if (records.length < s.pageSize) break;
  }
  return mode;
}

export async function pullSalesforce(sf: SalesforceConnector, ctx: PullContext): Promise<"first" | "incremental"> {
  const settings = await salesforcePullSettings(ctx.integrationId);
  const accounts = await accountSource(ctx.integrationId, settings);
  const contacts = await contactSource(ctx.integrationId, settings);
  const accountStats = statsFor(ctx.stats, "accounts");
  const contactStats = statsFor(ctx.stats, "contacts");
  const mode = await pullObject(sf, ctx, accounts, settings, (tx, rows, at) =>
    writeSfAccounts(tx, ctx.integrationId, rows.map((r) => toAccountRow(accounts, r)), accountStats, at),
  );
  await pullObject(sf, ctx, contacts, settings, (tx, rows, at) =>
    writeSfContacts(tx, ctx.integrationId, rows.map((r) => toContactRow(contacts, r)), contactStats, at),
  );
  await retireDeleted(sf, ctx, accounts, settings, "accounts");
  await retireDeleted(sf, ctx, contacts, settings, "contacts");
  return mode;
}
