import { describe, expect, it } from "vitest";
import { churnOutcomes, type OutcomeAccount, type OutcomeOpportunity } from "@/lib/health/churn-outcomes";

const TODAY = "2026-11-20";
const account = (id: string, churnDate?: unknown): OutcomeAccount => ({ id, name: `Account ${id}`, fields: churnDate === undefined ? {} : { Churn_Date__c: churnDate } });
const renewal = (accountId: string, closeDate: string, won: boolean, more: Partial<OutcomeOpportunity> = {}): OutcomeOpportunity => ({
  accountId,
  type: "Renewal",
  isClosed: true,
  isWon: won,
  closeDate,
  ...more,
});

describe("churn outcomes", () => {
  it("an account churns on its Churn_Date__c", () => {
    expect(churnOutcomes([account("A", "2026-09-14")], [], TODAY)).toEqual([{ accountId: "A", name: "Account A", outcome: "churned", date: "2026-09-14" }]);
  });

  it("an account churns on a Closed Lost Renewal, and on the earliest when both say so", () => {
    expect(churnOutcomes([account("A")], [renewal("A", "2026-08-01", false)], TODAY)).toMatchObject([{ outcome: "churned", date: "2026-08-01" }]);
    expect(churnOutcomes([account("A", "2026-09-30")], [renewal("A", "2026-09-02", false)], TODAY)).toMatchObject([{ outcome: "churned", date: "2026-09-02" }]);
    expect(churnOutcomes([account("A", "2026-09-02")], [renewal("A", "2026-09-30", false)], TODAY)).toMatchObject([{ outcome: "churned", date: "2026-09-02" }]);
  });

  it("an account renews on its latest Closed Won Renewal", () => {
    const opps = [renewal("A", "2024-03-01", true), renewal("A", "2026-03-01", true), renewal("A", "2025-03-01", true)];
    expect(churnOutcomes([account("A")], opps, TODAY)).toEqual([{ accountId: "A", name: "Account A", outcome: "renewed", date: "2026-03-01" }]);
  });

  it("a churn after the latest renewal is a churn; a renewal after a churn (won back) is a renewal", () => {
    const churnedAfter = churnOutcomes([account("A", "2026-10-01")], [renewal("A", "2025-10-01", true), renewal("A", "2026-10-01", false)], TODAY);
    expect(churnedAfter).toMatchObject([{ outcome: "churned", date: "2026-10-01" }]);
    const wonBack = churnOutcomes([account("A", "2024-05-01")], [renewal("A", "2024-05-01", false), renewal("A", "2026-05-01", true)], TODAY);
    expect(wonBack).toMatchObject([{ outcome: "renewed", date: "2026-05-01" }]);
    // A churn on the renewal's own day counts as after it.
    expect(churnOutcomes([account("A", "2026-06-01")], [renewal("A", "2026-06-01", true)], TODAY)).toMatchObject([{ outcome: "churned", date: "2026-06-01" }]);
  });

  it("only days before today count: a future churn or close date is no outcome yet", () => {
    expect(churnOutcomes([account("A", "2026-12-31")], [], TODAY)).toEqual([]);
    expect(churnOutcomes([account("A", TODAY)], [renewal("A", TODAY, true)], TODAY)).toEqual([]);
    // The renewal before today stands; the churn dated after today does not undo it yet.
    expect(churnOutcomes([account("A", "2027-01-15")], [renewal("A", "2026-01-15", true)], TODAY)).toMatchObject([{ outcome: "renewed", date: "2026-01-15" }]);
  });

  it("ignores open, non-renewal and account-less opportunities, and churn dates that are not dates", () => {
    const opps: OutcomeOpportunity[] = [
      renewal("A", "2026-06-01", false, { isClosed: false }),
      renewal("A", "2026-06-01", true, { type: "Upsell" }),
      renewal("A", "2026-06-01", false, { type: "New Business" }),
      renewal("A", "2026-06-01", true, { type: null }),
      renewal("A", "2026-06-01", false, { closeDate: null }),
      renewal(null as unknown as string, "2026-06-01", false),
    ];
    expect(churnOutcomes([account("A"), account("B", "soon"), account("C", 20260601), account("D", "2026-02-30")], opps, TODAY)).toEqual([]);
    // A churn status without a date gives no day to score before.
    expect(churnOutcomes([{ id: "E", name: null, fields: { Customer_Status__c: "Churned" } }], [], TODAY)).toEqual([]);
  });

  it("reads a date-time churn field by its day, matches Renewal in any case, and lists accounts in id order", () => {
    const out = churnOutcomes(
      [account("C", "2026-07-04T10:00:00.000+0000"), account("A"), account("B")],
      [renewal("B", "2026-02-01", true, { type: "renewal" }), renewal("A", "2026-01-01", true)],
      TODAY,
    );
    expect(out.map((o) => [o.accountId, o.outcome, o.date])).toEqual([
      ["A", "renewed", "2026-01-01"],
      ["B", "renewed", "2026-02-01"],
      ["C", "churned", "2026-07-04"],
    ]);
  });
});
