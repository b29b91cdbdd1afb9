import type { Prisma } from "@/lib/generated/prisma/client";
import { db } from "@/lib/db";
import { isDay, utcDay, type Day } from "@/lib/usage/days";

// What happened to each Salesforce account, for the backtest (issue 13): it churned, or it renewed,
// on a day. The rule, on the hub's copy of Salesforce:
//  - CHURNED on the earliest of its Churn_Date__c and the CloseDate of each Closed Lost Renewal
//    opportunity (type Renewal, closed, not won). Orgs record a churn either way, or both with
//    dates a few days apart (the opportunity is closed when the customer says no, the field is set
//    when the contract ends); the earliest is when the loss was known.
//  - RENEWED on the CloseDate of its latest Closed Won Renewal, unless it churned on or after that
//    day: a renewal followed by a churn is a churn, and a churn followed by a renewal (a customer won
//    back) is a renewal, because only churn signals after the latest renewal count.
//  - Only days before `today` count: today is not over, and a CloseDate after it is a plan.
//  - Customer_Status__c = Churned without either date gives no outcome: there is no day to score
//    before. Deleted or merged accounts and deleted opportunities are left out.
// The demo generator (emulators/README.md, "Renewals and churn history") writes exactly these: a
// Closed Won Renewal every anniversary, and for a churned account a Closed Lost Renewal on its
// Churn_Date__c.

export type OutcomeKind = "churned" | "renewed";

export interface ChurnOutcome {
  accountId: string;
  name: string | null;
  outcome: OutcomeKind;
  date: Day;
}

export interface OutcomeAccount {
  id: string;
  name: string | null;
  /** The account's pulled fields (Churn_Date__c among them when the org has it). */
  fields: Record<string, unknown> | null;
}

export interface OutcomeOpportunity {
  accountId: string | null;
  type: string | null;
  isClosed: boolean;
  isWon: boolean;
  closeDate: Day | null;
}

export const CHURN_DATE_FIELD = "Churn_Date__c";

/** A Salesforce date ("2026-09-14"), or a date-time whose day is taken as written. */
function dayOf(value: unknown): Day | null {
  if (typeof value !== "string") return null;
  const day = value.trim().slice(0, 10);
  return isDay(day) ? day : null;
}

const isRenewal = (o: OutcomeOpportunity) => o.type?.toLowerCase() === "renewal";

/** The rule above, on rows already read. Outcomes come in account id order. Cost: O(accounts + opportunities). */
export function churnOutcomes(accounts: readonly OutcomeAccount[], opportunities: readonly OutcomeOpportunity[], today: Day): ChurnOutcome[] {
  const churns = new Map<string, Day[]>();
  const renewals = new Map<string, Day>();
  for (const o of opportunities) {
    if (!o.accountId || !o.isClosed || !isRenewal(o) || !o.closeDate || o.closeDate >= today) continue;
    if (o.isWon) {
      const latest = renewals.get(o.accountId);
      if (!latest || o.closeDate > latest) renewals.set(o.accountId, o.closeDate);
    } else {
      churns.set(o.accountId, [...(churns.get(o.accountId) ?? []), o.closeDate]);
    }
  }
  const out: ChurnOutcome[] = [];
  for (const a of [...accounts].sort((x, y) => (x.id < y.id ? -1 : x.id > y.id ? 1 : 0))) {
    const churnField = dayOf(a.fields?.[CHURN_DATE_FIELD]);
    const renewed = renewals.get(a.id) ?? null;
    const signals = [...(churns.get(a.id) ?? []), ...(churnField && churnField < today ? [churnField] : [])].filter((d) => renewed === null || d >= renewed).sort();
    if (signals.length > 0) out.push({ accountId: a.id, name: a.name, outcome: "churned", date: signals[0]! });
    else if (renewed) out.push({ accountId: a.id, name: a.name, outcome: "renewed", date: renewed });
  }
  return out;
}

/**
 * The accounts a backtest may read. Not yet scoped by sharing groups: when lib/auth/data-scope.ts
 * exists, its condition joins this one WHERE.
 */
function outcomeAccountsWhere(salesforceId: string): Prisma.SfAccountWhereInput {
  return { integrationId: salesforceId, state: "ACTIVE", deletedAt: null };
}

/** The outcomes of every account in the hub, read in two queries (accounts, then renewal opportunities). */
export async function loadChurnOutcomes(salesforceId: string, today: Day = utcDay(Date.now())): Promise<ChurnOutcome[]> {
  const accounts = await db.sfAccount.findMany({ where: outcomeAccountsWhere(salesforceId), select: { id: true, name: true, fields: true } });
  const opportunities = await db.sfOpportunity.findMany({
    where: { integrationId: salesforceId, deletedAt: null, isClosed: true, type: { equals: "Renewal", mode: "insensitive" }, accountId: { not: null } },
    select: { accountId: true, type: true, isClosed: true, isWon: true, closeDate: true },
  });
  return churnOutcomes(
    accounts.map((a) => ({ id: a.id, name: a.name, fields: a.fields as Record<string, unknown> | null })),
    opportunities.map((o) => ({ ...o, closeDate: o.closeDate ? utcDay(o.closeDate) : null })),
    today,
  );
}
