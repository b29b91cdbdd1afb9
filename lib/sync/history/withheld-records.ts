import { db } from "@/lib/db";
import { Prisma } from "@/lib/generated/prisma/client";
import { accountIdVisibleSql, dataScope, seesEveryAccount, type Reader } from "@/lib/auth/data-scope";
import type { NamedRecord } from "@/lib/sync/history/record-names";

// Sharing groups on the run page (lib/auth/data-scope.ts). A run is the integration's work, read by
// everyone who reads sync history, and its counts and outcomes are the integration's, not an
// account's: they stay whole, so a run's totals add up for everyone. A record result that belongs
// to an account the reader may not see is withheld instead: no id, no name, no field values, no
// vendor message (it can quote values); its operation, outcome and error code remain, so a failure
// is still counted and seen as a failure. "Belongs": the Salesforce account itself, a contact of it, a Pendo or
// PX account linked to it, or a user of such an analytics account. A Salesforce record the hub no
// longer holds cannot be checked, and is withheld from a reader whom any group limits.

const key = (system: string, object: string, id: string) => `${system}:${object}:${id}`;

/** Keys (`system:object:recordId`) of the records the reader may not see. One query per kind of record. */
export async function withheldRecords(records: readonly NamedRecord[], reader: Reader): Promise<Set<string>> {
  const withheld = new Set<string>();
  if (records.length === 0) return withheld;
  const scope = await dataScope(reader);
  if (seesEveryAccount(scope)) return withheld;

  const ids = (object: string) => [...new Set(records.filter((r) => r.system === "salesforce" && r.object === object).map((r) => r.recordId))];
  const analytics = records.filter((r) => r.system !== "salesforce");
  const steps = analytics.length ? await db.syncStep.findMany({ where: { id: { in: [...new Set(analytics.map((r) => r.stepId))] } }, select: { id: true, integrationId: true } }) : [];
  const toolOf = new Map(steps.map((s) => [s.id, s.integrationId]));
  // Analytics ids are unique per tool only: pairs of (tool, id), as two arrays for unnest().
  const pairs = (object: string) => {
    const seen = new Map<string, [string, string]>();
    for (const r of analytics) {
      const tool = toolOf.get(r.stepId);
      if (r.object === object && tool) seen.set(`${tool}:${r.recordId}`, [tool, r.recordId]);
    }
    return { tools: [...seen.values()].map((p) => p[0]), ids: [...seen.values()].map((p) => p[1]) };
  };
  const accounts = ids("account");
  const contacts = ids("contact");
  const toolAccounts = pairs("account");
  const toolUsers = pairs("user");
  const hidden = (column: Prisma.Sql) => Prisma.sql`NOT ${accountIdVisibleSql(scope, column)}`;

  const [sfAccounts, sfContacts, linkedAccounts, linkedUsers] = await Promise.all([
    accounts.length ? db.$queryRaw<{ id: string }[]>`SELECT x."id" FROM unnest(${accounts}::text[]) AS x("id") WHERE ${hidden(Prisma.sql`x."id"`)}` : [],
    contacts.length
      ? db.$queryRaw<{ id: string }[]>`
          SELECT x."id" FROM unnest(${contacts}::text[]) AS x("id") LEFT JOIN "SfContact" c ON c."id" = x."id"
           WHERE c."id" IS NULL OR (c."accountId" IS NOT NULL AND ${hidden(Prisma.sql`c."accountId"`)})`
      : [],
    toolAccounts.ids.length
      ? db.$queryRaw<{ tool: string; id: string }[]>`
          SELECT x."tool", x."id" FROM unnest(${toolAccounts.tools}::text[], ${toolAccounts.ids}::text[]) AS x("tool", "id")
            JOIN "MatchLink" l ON l."integrationId" = x."tool" AND l."entity" = 'ACCOUNT' AND l."analyticsId" = x."id"
           WHERE ${hidden(Prisma.sql`l."salesforceId"`)}`
      : [],
    toolUsers.ids.length
      ? db.$queryRaw<{ tool: string; id: string }[]>`
          SELECT x."tool", x."id" FROM unnest(${toolUsers.tools}::text[], ${toolUsers.ids}::text[]) AS x("tool", "id")
            JOIN "AnalyticsUser" u ON u."integrationId" = x."tool" AND u."externalId" = x."id"
            JOIN "MatchLink" l ON l."integrationId" = u."integrationId" AND l."entity" = 'ACCOUNT' AND l."analyticsId" = u."accountExternalId"
           WHERE ${hidden(Prisma.sql`l."salesforceId"`)}`
      : [],
  ]);
  for (const a of sfAccounts) withheld.add(key("salesforce", "account", a.id));
  for (const c of sfContacts) withheld.add(key("salesforce", "contact", c.id));
  const hiddenTool = new Set([...linkedAccounts.map((a) => `account:${a.tool}:${a.id}`), ...linkedUsers.map((u) => `user:${u.tool}:${u.id}`)]);
  for (const r of analytics) if (hiddenTool.has(`${r.object}:${toolOf.get(r.stepId)}:${r.recordId}`)) withheld.add(key(r.system, r.object, r.recordId));
  return withheld;
}

/** Whether this record is among the withheld. */
export function isWithheld(withheld: ReadonlySet<string>, r: NamedRecord): boolean {
  return withheld.has(key(r.system, r.object, r.recordId));
}

export const WITHHELD_MESSAGE = "Withheld: this record belongs to an account outside your sharing groups.";
/** Stands for the record id of a withheld record. */
export const WITHHELD_ID = "withheld";
