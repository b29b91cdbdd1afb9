import { Prisma } from "@/lib/generated/prisma/client";
import { accountVisibleSql, type DataScope } from "@/lib/auth/data-scope";
import { addDays, type Day } from "@/lib/usage/days";
import { CSM_ME, CSM_NONE, type AccountExportFilter } from "@/lib/accounts/list-filter";

// The Accounts list's columns that live in SfAccount.fields (what the pull read from Salesforce)
// and the one WHERE every account query of the list and its export is built from. The fields
// are JSON: a value of the wrong type reads as missing here, never as an error.
//
// Scoped by sharing groups: accountsWhere() below is the only place the list, its count, its
// filter choices and the export choose accounts, and it always carries the viewer's data scope.

/** ARR__c as a number: Salesforce sends currency as a JSON number; anything else is missing. */
export const ARR_SQL = Prisma.sql`(CASE WHEN jsonb_typeof(a."fields"->'ARR__c') = 'number' THEN (a."fields"->>'ARR__c')::float8 END)`;
/**
 * Renewal_Date__c as ISO text: "YYYY-MM-DD" sorts and compares as the date does, and never fails a
 * cast. LIKE, not a regular expression: it is read for every account the list filters or sorts.
 */
export const RENEWAL_SQL = Prisma.sql`(CASE WHEN a."fields"->>'Renewal_Date__c' LIKE '____-__-__' THEN a."fields"->>'Renewal_Date__c' END)`;
export const SEGMENT_SQL = Prisma.sql`(a."fields"->>'ARR_Tier__c')`;
/**
 * The accounts every list statement reads, alias `a`, with what CSM_SQL needs: the account's CSM
 * set in Clearinghouse (`ac`, lib/accounts/csm/) and which field carries it (`cs`). Joined, not
 * looked up per row: both tables are small (an AccountCsm row only for accounts whose CSM was
 * changed in Clearinghouse), so PostgreSQL hashes them once and the list stays one pass at 100,000.
 */
export const ACCOUNTS_FROM = Prisma.sql`"SfAccount" a
  LEFT JOIN "AccountCsm" ac ON ac."integrationId" = a."integrationId" AND ac."accountId" = a."id"
  LEFT JOIN "CsmSettings" cs ON cs."integrationId" = a."integrationId"`;
/**
 * The account's effective CSM (lib/accounts/csm/effective-csm.ts, in SQL): Clearinghouse's
 * assignment when there is one (its null user meaning "no CSM"), else the CSM field as pulled.
 * Needs ACCOUNTS_FROM.
 */
export const CSM_SQL = Prisma.sql`(CASE WHEN ac."accountId" IS NOT NULL THEN ac."sfUserId" ELSE NULLIF(a."fields"->>COALESCE(cs."fieldName", 'CSM__c'), '') END)`;

/** What the WHERE needs beyond the filter: the day "renewing in" counts from, and who "me" is. */
export interface WhereContext {
  /** Today (UTC). */
  today: Day;
  /** Salesforce user ids whose email is the viewer's, when the filter says csm=me. */
  myUserIds: readonly string[];
  /** The viewer's sharing groups (lib/auth/data-scope.ts): accounts outside them are never chosen. */
  scope: DataScope;
}

const likeEscape = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/** The accounts the filter chooses (health aside: colour is decided after scores are read). Alias `a`. */
export function accountsWhere(f: AccountExportFilter, ctx: WhereContext): Prisma.Sql {
  const conditions: Prisma.Sql[] = [accountVisibleSql(ctx.scope, Prisma.sql`a."fields"`)];
  if (f.q) {
    // A name substring (case-insensitive) or a Salesforce id prefix, as the list always searched.
    conditions.push(Prisma.sql`(a."name" ILIKE ${`%${likeEscape(f.q)}%`} OR a."id" LIKE ${`${likeEscape(f.q)}%`})`);
  }
  if (f.segment) conditions.push(Prisma.sql`${SEGMENT_SQL} = ${f.segment}`);
  if (f.csm === CSM_NONE) conditions.push(Prisma.sql`NULLIF(${CSM_SQL}, '') IS NULL`);
  else if (f.csm === CSM_ME) conditions.push(ctx.myUserIds.length ? Prisma.sql`${CSM_SQL} = ANY(${[...ctx.myUserIds]}::text[])` : Prisma.sql`FALSE`);
  else if (f.csm) conditions.push(Prisma.sql`${CSM_SQL} = ${f.csm}`);
  if (f.renewingIn !== undefined) {
    conditions.push(Prisma.sql`${RENEWAL_SQL} BETWEEN ${ctx.today} AND ${addDays(ctx.today, f.renewingIn)}`);
  }
  return Prisma.join(conditions, " AND ");
}
