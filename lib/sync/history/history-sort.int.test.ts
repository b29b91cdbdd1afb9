import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { db } from "@/lib/db";
import { testIntegrations } from "@/lib/testing/integrations";
import type { CurrentUser } from "@/lib/auth/session";
import type { RunStatus } from "@/lib/generated/prisma/enums";
import { truncateAll } from "@/lib/testing/database";
import { syncPool } from "@/lib/sync/sql";
import { GET as getRuns } from "@/app/api/runs/route";
import { listRuns, runFilterFromAddress, runFilterSchema, type RunFilterInput, type RunList } from "@/lib/sync/history/list-runs";
import { RUN_SORTS, type RunSort, type SortDirection } from "@/lib/sync/history/params";
import { encodeRunCursor, SORT_COLUMN } from "@/lib/sync/history/run-cursor";
import { runTotals } from "@/lib/sync/history/step-counts";
import { closeRun, closeStep, openRun, openStep, queueRun } from "@/lib/sync/runs";

// Issue 11: the history sorted by start time, duration, records, API calls or rejected records,
// paged by keyset on (column, id). Runs are written straight through Prisma with their totals set,
// as closeRun leaves them; then closeRun itself, and the migration's backfill, are held to the same sums.

const viewer: CurrentUser = { id: "u1", email: "viewer@example.com", name: null, role: "VIEWER", mustChangePassword: false };
vi.mock("@/lib/auth/session", () => ({ getCurrentUser: async () => viewer }));

const at = (minute: number) => new Date(Date.UTC(2026, 10, 2, 8, minute));
const list = (input: RunFilterInput) => listRuns(runFilterSchema.parse(input), at(120));
const ids = (page: RunList) => page.runs.map((r) => r.id);

interface SeededRun {
  id: string;
  system: "SALESFORCE" | "PENDO" | "PX";
  status: RunStatus;
  startedAt: Date;
  durationMs: number;
  recordCount: number;
  apiCallCount: number;
  rejectedCount: number;
}

// 30 runs. Ten take exactly a minute, three start in the same minute, most have 0 rejected records
// and the API calls take three values only: every sort has long runs of ties for the id to break.
const SYSTEMS = ["SALESFORCE", "PENDO", "PX"] as const;
const seeded: SeededRun[] = Array.from({ length: 30 }, (_, i) => ({
  id: `s-${String(i).padStart(2, "0")}`,
  system: SYSTEMS[i % 3]!,
  status: i % 7 === 3 ? "FAILED" : "SUCCEEDED",
  startedAt: at(i < 3 ? 0 : i),
  durationMs: i % 3 === 0 ? 60_000 : 1_000 * ((i * 7) % 11),
  recordCount: (i * 13) % 9 === 0 ? 0 : 100 * ((i * 13) % 9),
  apiCallCount: i % 3,
  rejectedCount: i % 4 === 1 ? (i % 5) + 1 : 0,
}));
const INTEGRATION_ID = { SALESFORCE: "sf", PENDO: "pendo", PX: "px" } as const;

/** The ids in the order the list owes: by the sort's value, then by id, both in `dir`. */
function expected(runs: readonly SeededRun[], sort: RunSort, dir: SortDirection): string[] {
  const column = SORT_COLUMN[sort];
  const value = (r: SeededRun) => (column === "startedAt" ? r.startedAt.getTime() : r[column]);
  const sign = dir === "asc" ? 1 : -1;
  return [...runs].sort((a, b) => sign * (value(a) - value(b) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))).map((r) => r.id);
}

beforeAll(async () => {
  await truncateAll(db);
  await db.integration.createMany({ data: testIntegrations(["sf", "pendo", "px"]) });
  await db.syncRun.createMany({
    data: seeded.map((r) => ({
      ...r,
      integrationId: INTEGRATION_ID[r.system],
      kind: "PULL" as const,
      trigger: "schedule",
      finishedAt: new Date(r.startedAt.getTime() + r.durationMs),
    })),
  });
});

afterAll(async () => {
  await db.$disconnect();
});

describe("listRuns sorted", () => {
  it("orders by each sort in both directions, ties broken by id the same way", async () => {
    for (const sort of RUN_SORTS) {
      for (const dir of ["desc", "asc"] as const) {
        const page = await list({ sort, dir, limit: 100 });
        expect(ids(page), `${sort} ${dir}`).toEqual(expected(seeded, sort, dir));
        expect(page).toMatchObject({ sort, dir, newerCursor: null, olderCursor: null });
      }
    }
    // The default is unchanged: newest first.
    expect(ids(await list({ limit: 100 }))).toEqual(expected(seeded, "started", "desc"));
  });

  it("pages forward then back across ties without repeating or skipping a run", async () => {
    for (const sort of RUN_SORTS) {
      for (const dir of ["desc", "asc"] as const) {
        const where = `${sort} ${dir}`;
        const forward: string[][] = [];
        let page = await list({ sort, dir, limit: 4 });
        forward.push(ids(page));
        while (page.olderCursor) {
          expect(page.olderCursor.startsWith(`${sort}.${dir}.`), where).toBe(true);
          page = await list({ sort, dir, limit: 4, before: page.olderCursor });
          forward.push(ids(page));
        }
        expect(forward.flat(), where).toEqual(expected(seeded, sort, dir));
        expect(forward.map((p) => p.length), where).toEqual([4, 4, 4, 4, 4, 4, 4, 2]);

        const back: string[][] = [];
        while (page.newerCursor) {
          page = await list({ sort, dir, limit: 4, after: page.newerCursor });
          back.unshift(ids(page));
          expect(page.olderCursor, where).not.toBeNull();
        }
        expect(back, where).toEqual(forward.slice(0, -1));
        expect(page.newerCursor, where).toBeNull();
      }
    }
  });

  it("pages through ten runs of exactly the same duration one at a time", async () => {
    const minute = seeded.filter((r) => r.durationMs === 60_000);
    expect(minute).toHaveLength(10);
    const seen: string[] = [];
    let page = await list({ sort: "duration", dir: "asc", integration: "salesforce", limit: 1 });
    seen.push(...ids(page));
    while (page.olderCursor) {
      page = await list({ sort: "duration", dir: "asc", integration: "salesforce", limit: 1, before: page.olderCursor });
      seen.push(...ids(page));
    }
    // Every Salesforce run here (i % 3 === 0) is one of them.
    expect(seen).toEqual(minute.map((r) => r.id));
  });

  it("applies the filters under every sort", async () => {
    const px = seeded.filter((r) => r.system === "PX");
    const failed = seeded.filter((r) => r.status === "FAILED");
    for (const sort of RUN_SORTS) {
      expect(ids(await list({ sort, integration: "px", limit: 100 })), sort).toEqual(expected(px, sort, "desc"));
      expect(ids(await list({ sort, dir: "asc", status: "failed", limit: 100 })), sort).toEqual(expected(failed, sort, "asc"));
    }
    // A filter on start time with another sort, paged.
    const pages: string[] = [];
    let page = await list({ sort: "records", from: "2026-11-02", to: "2026-11-02", kind: "PULL", limit: 3 });
    pages.push(...ids(page));
    while (page.olderCursor) {
      page = await list({ sort: "records", from: "2026-11-02", to: "2026-11-02", kind: "PULL", limit: 3, before: page.olderCursor });
      pages.push(...ids(page));
    }
    expect(pages).toEqual(expected(seeded, "records", "desc"));
    expect(ids(await list({ sort: "apiCalls", dir: "asc", from: "2026-11-03", limit: 100 }))).toEqual([]);
    expect(ids(await list({ sort: "rejected", rejected: "1", limit: 100 }))).toEqual([]);
  });

  it("leaves out what the page address gets wrong and keeps the rest", () => {
    const duration = encodeRunCursor({ sort: "duration", dir: "desc", value: 60_000, id: "s-03" });
    expect(runFilterFromAddress({ integration: "px", sort: "records", before: duration })).toEqual({ filter: { integration: "PX", sort: "records", dir: "desc", limit: 25 }, ignored: ["before"] });
    expect(runFilterFromAddress({ sort: "size", status: "failed", after: "garbage" })).toEqual({ filter: { sort: "started", dir: "desc", status: "FAILED", limit: 25 }, ignored: ["sort", "after"] });
    // A wrong sort drops the sort; the cursor that belonged to it then drops too.
    expect(runFilterFromAddress({ sort: "size", before: duration })).toMatchObject({ filter: { sort: "started" }, ignored: ["sort", "before"] });
    expect(runFilterFromAddress({ sort: "duration", before: duration }).filter.before).toEqual({ sort: "duration", dir: "desc", value: 60_000, id: "s-03" });
    expect(runFilterFromAddress({ integration: ["px", "pendo"] })).toMatchObject({ ignored: ["integration"] });
  });
});

describe("GET /api/runs sorted", () => {
  const call = async (query: string) => {
    const res = await getRuns(new Request(`http://localhost/api/runs?${query}`, { headers: { host: "localhost" } }), { params: Promise.resolve({}) });
    return { status: res.status, body: (await res.json()) as RunList & { error?: { code: string; message: string } } };
  };

  it("sorts and pages with sort and dir, and says which sort answered", async () => {
    const first = await call("sort=duration&dir=asc&limit=5");
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ sort: "duration", dir: "asc" });
    expect(first.body.runs.map((r) => r.id)).toEqual(expected(seeded, "duration", "asc").slice(0, 5));
    expect(first.body.olderCursor).toMatch(/^duration\.asc\.\d+\.s-\d\d$/);
    const second = await call(`sort=duration&dir=asc&limit=5&before=${first.body.olderCursor}`);
    expect(second.body.runs.map((r) => r.id)).toEqual(expected(seeded, "duration", "asc").slice(5, 10));
  });

  it("refuses a bad sort, direction or cursor with a sentence that says what to send", async () => {
    const cases: [string, RegExp][] = [
      ["sort=size", /sort: Sort by started, duration, records, apiCalls or rejected\./],
      ["sort=duration&dir=sideways", /dir: Give the direction as asc or desc\./],
      ["sort=duration&before=1764662400000_s-03", /before: is not a position in the run list: pass a newerCursor or olderCursor/],
      ["sort=duration&after=duration.desc.99999999999.s-03", /after: is not a position in the run list/],
      ["sort=records&before=duration.desc.60000.s-03", /before: belongs to the list sorted by duration, longest first, not to this one \(sorted by records, most records first\): leave before out/],
      ["sort=duration&dir=asc&before=duration.desc.60000.s-03", /before: belongs to the list sorted by duration, longest first, not to this one \(sorted by duration, shortest first\)/],
      ["before=started.desc.253402300800000.s-03", /before: is not a position/],
    ];
    for (const [query, message] of cases) {
      const { status, body } = await call(query);
      // INVALID_INPUT: the answer every route gives a query parameter it cannot read.
      expect(status, query).toBe(422);
      expect(body.error?.message, query).toMatch(message);
    }
    // The last day PostgreSQL and an ISO date both hold is a position, not an error.
    expect((await call("dir=asc&before=started.asc.253402300799999.s-03")).status).toBe(200);
  });
});

describe("closeRun", () => {
  const closed: string[] = [];

  /** A run through openRun, openStep, closeStep and closeRun, as the worker writes one. */
  async function workerRun(kind: "SYNC" | "PULL", steps: { name: string; status: "SUCCEEDED" | "FAILED" | "SKIPPED"; stats: Record<string, Record<string, number>>; apiCalls: Record<string, number> }[], status: RunStatus) {
    const { run } = await openRun({ integrationId: "pendo", system: "PENDO", kind, trigger: "test" });
    for (const [position, step] of steps.entries()) {
      const open = await openStep(run.id, position, step.name, "pendo");
      await closeStep(open.id, { status: step.status, stats: step.stats, apiCalls: step.apiCalls });
    }
    await closeRun(run.id, status);
    closed.push(run.id);
    return db.syncRun.findUniqueOrThrow({ where: { id: run.id }, include: { steps: true } });
  }

  it("writes the run's duration and the totals of its steps", async () => {
    const run = await workerRun(
      "SYNC",
      [
        { name: "pull", status: "SUCCEEDED", stats: { accounts: { read: 120, created: 2, unchanged: 118 }, visitors: { read: 40 } }, apiCalls: { "POST /aggregation": 3 } },
        { name: "match", status: "SUCCEEDED", stats: { accounts: { matched: 118, linked: 1 } }, apiCalls: {} },
        { name: "push.salesforce", status: "FAILED", stats: { account: { linked: 118, written: 11, unchanged: 105, invalid: 1, rejected: 2 }, contact: { written: 5, rejected: 1 } }, apiCalls: { "PATCH /composite/sobjects": 2, "GET /query": 1 } },
        { name: "push.pendo", status: "SKIPPED", stats: { account: { written: 50, rejected: 50 } }, apiCalls: { "PUT /metadata": 1 } },
      ],
      "PARTIAL",
    );
    expect(run).toMatchObject({ status: "PARTIAL", recordCount: 160 + 11 + 1 + 2 + 5 + 1, apiCallCount: 7, rejectedCount: 3 });
    expect(run.durationMs).toBe(run.finishedAt!.getTime() - run.startedAt.getTime());
    expect(run).toMatchObject(runTotals(run.steps, run.startedAt, run.finishedAt));
  });

  it("writes zeros for a run that did nothing, and the wait of a queued run cancelled before it started", async () => {
    const empty = await workerRun("PULL", [], "FAILED");
    expect(empty).toMatchObject({ recordCount: 0, apiCallCount: 0, rejectedCount: 0 });
    const queued = await queueRun({ integrationId: "px", system: "PX", kind: "SYNC", trigger: "test" });
    await closeRun(queued.id, "CANCELLED", "Cancelled in a test.");
    closed.push(queued.id);
    const cancelled = await db.syncRun.findUniqueOrThrow({ where: { id: queued.id } });
    expect(cancelled).toMatchObject({ durationMs: cancelled.finishedAt!.getTime() - cancelled.startedAt.getTime(), recordCount: 0, apiCallCount: 0, rejectedCount: 0 });
  });

  it("agrees with the migration's backfill of runs closed before the columns existed", async () => {
    // Odd shapes a step may hold (a pull killed mid-way, rows migrated from PullRun, junk entries):
    // both sides must read them the same way.
    await workerRun(
      "PULL",
      [
        { name: "pull", status: "FAILED", stats: { accounts: { read: 7 }, contacts: { created: 3 } }, apiCalls: { "GET /query": 4, "GET /queryMore": 0 } },
        { name: "match", status: "SUCCEEDED", stats: { accounts: { linked: 9, written: 9 } }, apiCalls: { "POST /aggregation": 1 } },
        { name: "usage", status: "SUCCEEDED", stats: { userDays: { days: 7, rows: 120 } }, apiCalls: { "POST /aggregation": 6 } },
      ],
      "FAILED",
    );
    const junk = await workerRun("SYNC", [{ name: "push.px", status: "SUCCEEDED", stats: { accounts: { written: 3, rejected: 2 } }, apiCalls: { "PUT /accounts": 2 } }], "SUCCEEDED");
    await db.syncStep.updateMany({ where: { runId: junk.id }, data: { stats: { accounts: { written: 3, rejected: 2, invalid: "x" }, users: { written: 2.5, rejected: -1, invalid: 4 }, note: "not an object" }, apiCalls: { "PUT /accounts": 2, "PUT /users": 1.7, label: "x" } } });
    // Not an object at all, where an old row could hold anything: counts nothing, never fails the backfill.
    const odd = await workerRun("PULL", [{ name: "pull", status: "SUCCEEDED", stats: {}, apiCalls: {} }], "SUCCEEDED");
    await db.syncStep.updateMany({ where: { runId: odd.id }, data: { stats: [1, 2], apiCalls: 7 } });
    const [oddRun] = await db.syncRun.findMany({ where: { id: odd.id }, include: { steps: true } });
    await db.syncRun.update({ where: { id: odd.id }, data: runTotals(oddRun!.steps, oddRun!.startedAt, oddRun!.finishedAt) });
    const [junkRun] = await db.syncRun.findMany({ where: { id: junk.id }, include: { steps: true } });
    await db.syncRun.update({ where: { id: junk.id }, data: runTotals(junkRun!.steps, junkRun!.startedAt, junkRun!.finishedAt) });
    const live = await openRun({ integrationId: "px", system: "PX", kind: "PULL", trigger: "test" });

    const totals = { durationMs: true, recordCount: true, apiCallCount: true, rejectedCount: true, id: true } as const;
    const written = await db.syncRun.findMany({ where: { id: { in: closed } }, select: totals, orderBy: { id: "asc" } });
    expect(written).toHaveLength(6);
    expect(written.some((r) => r.recordCount > 0 && r.apiCallCount > 0 && r.rejectedCount > 0 && r.durationMs >= 0)).toBe(true);

    const migration = readFileSync(path.resolve(import.meta.dirname, "../../../prisma/migrations/20261201230555_failed_calls_run_totals/migration.sql"), "utf8");
    const backfill = migration.slice(migration.indexOf("-- Backfill"));
    expect(backfill).toMatch(/^-- Backfill[\s\S]*UPDATE "SyncRun"/);
    await db.syncRun.updateMany({ where: { id: { in: closed } }, data: { durationMs: 0, recordCount: 0, apiCallCount: 0, rejectedCount: 0 } });
    // As the migration runs it: several statements on one connection (its helper functions live in pg_temp).
    const sql = await syncPool().connect();
    try {
      await sql.query(backfill);
    } finally {
      sql.release();
    }

    expect(await db.syncRun.findMany({ where: { id: { in: closed } }, select: totals, orderBy: { id: "asc" } })).toEqual(written);
    // A run still open is left for closeRun.
    expect(await db.syncRun.findUniqueOrThrow({ where: { id: live.run.id }, select: totals })).toMatchObject({ durationMs: 0, recordCount: 0, apiCallCount: 0, rejectedCount: 0 });
  });
});
