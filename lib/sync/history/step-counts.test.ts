import { describe, expect, it } from "vitest";
import { objectLabel } from "@/lib/sync/history/format";
import { apiCallsByKind, apiCallTotal, recordTotal, runTotals, stepCounts, sumRunCounts } from "@/lib/sync/history/step-counts";

const pull = (accounts: object, contacts?: object) => ({ name: "pull", stats: { accounts, ...(contacts ? { contacts } : {}) }, apiCalls: {} });

describe("stepCounts", () => {
  it("fills a pull step's missing keys with 0 (rows migrated from PullRun, steps killed mid-way)", () => {
    const counts = stepCounts("pull", { accounts: { read: 10, created: 2 } });
    expect(counts).toEqual({ kind: "pull", objects: { accounts: { read: 10, created: 2, updated: 0, unchanged: 0, removed: 0, deleted: 0, merged: 0 } } });
  });

  it("treats malformed stats as zero instead of throwing", () => {
    expect(stepCounts("pull", null)).toEqual({ kind: "pull", objects: {} });
    expect(stepCounts("pull", { accounts: "lots", users: { read: -3, created: 1.5, updated: "2" } })).toEqual({
      kind: "pull",
      objects: {
        accounts: { read: 0, created: 0, updated: 0, unchanged: 0, removed: 0, deleted: 0, merged: 0 },
        users: { read: 0, created: 0, updated: 0, unchanged: 0, removed: 0, deleted: 0, merged: 0 },
      },
    });
    const match = stepCounts("match", { accounts: { linked: 3 } });
    expect(match.kind === "match" && match.objects.accounts.linked).toBe(3);
    expect(match.kind === "match" && match.objects.contacts.matched).toBe(0);
  });

  it("lists a pull's objects in their usual order, whatever order the stored JSON keeps", () => {
    const zero = { read: 0, created: 0, updated: 0, unchanged: 0, removed: 0, deleted: 0, merged: 0 };
    // PostgreSQL's jsonb keeps keys shortest first.
    const counts = stepCounts("pull", { cases: zero, users: zero, widgets: zero, accounts: zero, contacts: zero, opportunities: zero });
    expect(counts.kind === "pull" && Object.keys(counts.objects)).toEqual(["accounts", "contacts", "users", "cases", "opportunities", "widgets"]);
    expect(counts.kind === "pull" && Object.keys(counts.objects).map(objectLabel)).toEqual(["Accounts", "Contacts", "Users", "Cases", "Opportunities", "widgets"]);
  });

  it("does not guess the shape of steps it does not know", () => {
    expect(stepCounts("push.pendo.later", { accounts: { read: 1 } })).toMatchObject({ kind: "push" });
    expect(stepCounts("usage", { userDays: { days: 7, rows: 120 }, broken: "x" })).toEqual({ kind: "usage", tables: { userDays: { days: 7, rows: 120 }, broken: { days: 0, rows: 0 } } });
    expect(stepCounts("kpis", { kpis: { analytics: 135, salesforce: 117 } })).toEqual({ kind: "kpis", analytics: 135, salesforce: 117 });
    expect(stepCounts("kpis", null)).toEqual({ kind: "kpis", analytics: 0, salesforce: 0 });
    expect(stepCounts("health", { health: { scored: 196, unscored: 4, red: 37, yellow: 63, green: 96, modelVersion: 2 } })).toEqual({
      kind: "health",
      counts: { scored: 196, unscored: 4, red: 37, yellow: 63, green: 96, modelVersion: 2 },
    });
    expect(stepCounts("health", {})).toEqual({ kind: "health", counts: { scored: 0, unscored: 0, red: 0, yellow: 0, green: 0, modelVersion: 0 } });
    expect(stepCounts("ingest.usage", { days: 3 })).toEqual({ kind: "other" });
  });
});

describe("api calls", () => {
  it("totals numeric entries, largest first, ignoring junk", () => {
    const calls = { "GET /query": 12, "POST /composite": 3, bogus: "x", negative: -1 };
    expect(apiCallsByKind(calls)).toEqual([
      { kind: "GET /query", calls: 12 },
      { kind: "POST /composite", calls: 3 },
    ]);
    expect(apiCallTotal(calls)).toBe(15);
    expect(apiCallTotal(null)).toBe(0);
    expect(apiCallTotal([1, 2])).toBe(0);
  });
});

describe("sumRunCounts", () => {
  it("sums pull counts over objects and steps, match counts over accounts and users", () => {
    const totals = sumRunCounts([
      { ...pull({ read: 10, created: 1, updated: 2, unchanged: 7 }, { read: 5, removed: 1 }), apiCalls: { "GET /query": 4 } },
      { name: "match", stats: { accounts: { linked: 2, unmatched: 1, matched: 9 }, contacts: { linked: 1, unlinked: 1, relinked: 1 } }, apiCalls: {} },
      { name: "match", stats: { accounts: { linked: 1 } }, apiCalls: { "GET /x": 1 } },
    ]);
    expect(totals.pull).toEqual({ read: 15, created: 1, updated: 2, unchanged: 7, removed: 1, deleted: 0, merged: 0 });
    expect(totals.match).toEqual({ linked: 4, unlinked: 1, relinked: 1, unmatched: 1 });
    expect(totals.apiCalls).toBe(5);
  });

  it("leaves pull or match null when the run has no such step", () => {
    expect(sumRunCounts([])).toEqual({ pull: null, match: null, push: null, apiCalls: 0 });
    expect(sumRunCounts([pull({ read: 1 })]).match).toBeNull();
  });

  it("sums push steps over their objects, and leaves skipped steps out", () => {
    const totals = sumRunCounts([
      { name: "push.salesforce", stats: { accounts: { linked: 10, written: 3, unchanged: 7 }, contacts: { linked: 4, written: 1, rejected: 2, invalid: 1 } }, apiCalls: { "PATCH /composite/sobjects": 2 } },
      { name: "match", status: "SKIPPED", stats: {}, apiCalls: {} },
    ]);
    expect(totals.push).toEqual({ linked: 14, written: 4, unchanged: 7, skipped: 0, invalid: 1, rejected: 2 });
    expect(totals.match).toBeNull();
  });
});

describe("runTotals", () => {
  const start = new Date("2026-12-01T09:00:00.000Z");
  const steps = [
    { name: "pull", status: "SUCCEEDED", stats: { accounts: { read: 100, created: 3 }, contacts: { read: 50 } }, apiCalls: { "GET /query": 12, "GET /queryMore": 3 } },
    { name: "match", status: "SUCCEEDED", stats: { accounts: { linked: 2 } }, apiCalls: { "POST /aggregation": 1 } },
    { name: "push.salesforce", status: "PARTIAL", stats: { account: { linked: 118, written: 11, unchanged: 105, invalid: 1, rejected: 2 } }, apiCalls: { "PATCH /composite/sobjects": 2 } },
    { name: "push.pendo", status: "SUCCEEDED", stats: { accounts: { written: 4, rejected: 1 } }, apiCalls: {} },
  ];

  it("keeps the duration, records read and handled, every API call, and records refused", () => {
    expect(runTotals(steps, start, new Date(start.getTime() + 90_123))).toEqual({ durationMs: 90_123, recordCount: 150 + 11 + 1 + 2 + 4 + 1, apiCallCount: 18, rejectedCount: 3 });
  });

  it("counts what sumRunCounts counts: a skipped step's records never, its API calls always", () => {
    const skipped = [{ name: "pull", status: "SKIPPED", stats: { accounts: { read: 7 } }, apiCalls: { "GET /query": 2 } }];
    expect(runTotals(skipped, start, start)).toEqual({ durationMs: 0, recordCount: 0, apiCallCount: 2, rejectedCount: 0 });
    const totals = sumRunCounts(steps);
    expect(runTotals(steps, start, null)).toEqual({ durationMs: 0, recordCount: recordTotal(totals), apiCallCount: totals.apiCalls, rejectedCount: totals.push!.rejected });
  });

  it("stays within the integer columns: no negative duration, whole calls, capped at 2^31 - 1", () => {
    expect(runTotals([], start, new Date(start.getTime() - 5)).durationMs).toBe(0);
    expect(runTotals([], start, new Date(start.getTime() + 30 * 86_400_000)).durationMs).toBe(2_147_483_647);
    expect(runTotals([{ name: "x", stats: null, apiCalls: { a: 2.7, b: 0.4, c: "9", d: -4 } }], start, start).apiCallCount).toBe(2);
    expect(runTotals([{ name: "pull", stats: { accounts: { read: 2_000_000_000 }, users: { read: 2_000_000_000 } }, apiCalls: { a: 3e9 } }], start, start)).toMatchObject({ recordCount: 2_147_483_647, apiCallCount: 2_147_483_647 });
    expect(runTotals([{ name: "push.px", stats: "broken", apiCalls: null }], start, start)).toEqual({ durationMs: 0, recordCount: 0, apiCallCount: 0, rejectedCount: 0 });
  });
});
