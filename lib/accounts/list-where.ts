import { Prisma } from "@/lib/generated/prisma/client";
import { addDays, type Day } from "@/lib/usage/days";
import { CSM_ME, CSM_NONE, type AccountExportFilter } from "@/lib/accounts/list-filter";

// The Accounts list's columns that live in SfAccount.fields (what the pull read from Salesforce)
// and the one WHERE every account query of the list and its export is built from. The fields
// are JSON: a value of the wrong type reads as missing here, never as an error.
//
// Not yet scoped by sharing groups: lib/auth/data-scope.ts does not exist yet. Its condition goes
// into accountsWhere() below, the only place the list and the export choose accounts.

/** ARR__c as a number: Salesforce sends currency as a JSON number; anything else is missing. */
export const ARR_SQL = Prisma.sql`(CASE WHEN jsonb_typeof(a."fields"->'ARR__c') = 'number' THEN (a."fields"->>'ARR__c')::float8 END)`;
/**
 * Renewal_Date__c as ISO text: "YYYY-MM-DD" sorts and compares as the date does, and never fails a
 * cast. LIKE, not a regular expression: it is read for every account the list filters or sorts.
 */
export const RENEWAL_SQL = Prisma.sql`(CASE WHEN a."fields"->>'Renewal_Date__c' LIKE '____-__-__' THEN a."fields"->>'Renewal_Date__c' END)`;
export const SEGMENT_SQL = Prisma.sql`(a."fields"->>'ARR_Tier__c')`;
export const CSM_SQL = Prisma.sql`(a."fields"->>'CSM__c')`;

/** What the WHERE needs beyond the filter: the day "renewing in" counts from, and who "me" is. */
export interface WhereContext {
  /** Today (UTC). */
  today: Day;
  /** Salesforce user ids whose email is the viewer's, when the filter says csm=me. */
  myUserIds: readonly string[];
}

const likeEscape = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/** The accounts the filter chooses (health aside: colour is decided after scores are read). Alias `a`. */
export function accountsWhere(f: AccountExportFilter, ctx: WhereContext): Prisma.Sql {
  const conditions: Prisma.Sql[] = [Prisma.sql`TRUE`];
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
