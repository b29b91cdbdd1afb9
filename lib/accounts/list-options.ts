import { db } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";
import { ACCOUNTS_FROM, CSM_SQL } from "@/lib/accounts/list-where";

// The choices of the Accounts list's segment and CSM filters: the values the accounts hold, not
// every Salesforce user (an org has far more users than CSMs). Grouped from the accounts `where`
// lets the viewer see (accountsWhere() without a filter), so their sharing groups apply here too.

export interface FilterOptions {
  /** ARR_Tier__c values, alphabetical. */
  segments: string[];
  /** The accounts' CSMs (set in Clearinghouse, else CSM__c as pulled), by name (those the hub has no user row for are listed by id). */
  csms: { id: string; name: string | null; email: string | null }[];
}

export async function accountFilterOptions(where: Prisma.Sql): Promise<FilterOptions> {
  // Each column grouped on its own, by hashing: grouped together, PostgreSQL expects as many
  // groups as accounts and sorts them all (spilling to disk at 100,000 with the default work_mem).
  const rows = await db.$queryRaw<{ kind: "segment" | "csm"; value: string; name: string | null; email: string | null }[]>`
    SELECT 'segment' AS "kind", s."value", NULL::text AS "name", NULL::text AS "email"
      FROM (SELECT a."fields"->>'ARR_Tier__c' AS "value" FROM ${ACCOUNTS_FROM} WHERE ${where} GROUP BY 1) s
     WHERE NULLIF(s."value", '') IS NOT NULL
    UNION ALL
    SELECT 'csm', c."value", u."name", u."email"
      FROM (SELECT a."integrationId", ${CSM_SQL} AS "value" FROM ${ACCOUNTS_FROM} WHERE ${where} GROUP BY 1, 2) c
      LEFT JOIN "SfUser" u ON u."integrationId" = c."integrationId" AND u."id" = c."value"
     WHERE NULLIF(c."value", '') IS NOT NULL`;
  const segments = rows.filter((r) => r.kind === "segment").map((r) => r.value);
  segments.sort((a, b) => a.localeCompare(b));
  // Keyed by id: two Salesforce integrations naming the same user list it once.
  const csms = [...new Map(rows.filter((r) => r.kind === "csm").map((r) => [r.value, { id: r.value, name: r.name, email: r.email }])).values()];
  csms.sort((a, b) => Number(a.name === null) - Number(b.name === null) || (a.name ?? a.id).localeCompare(b.name ?? b.id));
  return { segments, csms };
}
