import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { db } from "@/lib/db";
import { testIntegrations } from "@/lib/testing/integrations";
import type { CurrentUser } from "@/lib/auth/session";
import { truncateAll } from "@/lib/testing/database";
import { GET as getRuns } from "@/app/api/runs/route";
import { GET as getRun } from "@/app/api/runs/[id]/route";
import { GET as getRunCsv } from "@/app/api/runs/[id]/records.csv/route";
import { listRuns, runFilterSchema, type RunFilterInput } from "@/lib/sync/history/list-runs";
import { runProgress } from "@/lib/sync/history/run-progress";
import { allRunRecords, getRunDetail, listRunRecords, loadRunPage, recordFilterSchema } from "@/lib/sync/history/run-detail";
import { OPERATOR } from "@/lib/auth/data-scope";

// Runs, steps and record results written straight through Prisma, the way the worker writes them,
// then read back through the history read models and their API routes.

const viewer: CurrentUser = { id: "u1", email: "viewer@example.com", name: null, role: "VIEWER", mustChangePassword: false };
vi.mock("@/lib/auth/session", () => ({ getCurrentUser: async () => viewer }));

const at = (minute: number, second = 0) => new Date(Date.UTC(2026, 11, 1, 9, minute, second));
const list = (input: RunFilterInput) => listRuns(runFilterSchema.parse(input), at(59));
const records = (runId: string, input: Record<string, string> = {}) => listRunRecords(runId, recordFilterSchema.parse(input), OPERATOR);

async function seed() {
  await db.integration.createMany({ data: testIntegrations(["sf", "pendo", "px"]) });
  // The Salesforce pull with its two match steps: what the run page is mostly about.
  await db.syncRun.create({
    data: {
      id: "run-sf",
      integrationId: "sf",
      system: "SALESFORCE",
      kind: "PULL",
      trigger: "manual",
      triggeredBy: "jane@example.com",
      status: "PARTIAL",
      startedAt: at(10),
      finishedAt: at(11, 30),
      attempts: 2,
      error: "2 records could not be linked: see the failed records below.",
      steps: {
        create: [
          {
            id: "step-match-px",
            position: 2,
            name: "match",
            integrationId: "px",
            status: "SUCCEEDED",
            startedAt: at(11, 10),
            finishedAt: at(11, 30),
            stats: { accounts: { matched: 4, linked: 1 }, contacts: { matched: 10, unlinked: 1, unmatched: 2 } },
          },
          {
            id: "step-pull",
            position: 0,
            name: "pull",
            integrationId: "sf",
            status: "SUCCEEDED",
            mode: "incremental",
            startedAt: at(10),
            finishedAt: at(11),
            stats: { accounts: { read: 100, created: 3, updated: 7, unchanged: 90, removed: 0, deleted: 1, merged: 0 }, contacts: { read: 50, created: 50 } },
            apiCalls: { "GET /query": 12, "GET /queryMore": 3 },
          },
          {
            id: "step-match-pendo",
            position: 1,
            name: "match",
            integrationId: "pendo",
            status: "FAILED",
            startedAt: at(11),
            finishedAt: at(11, 10),
            stats: { accounts: { matched: 5, linked: 2, relinked: 1, unmatched: 3 }, contacts: {} },
            apiCalls: { "POST /aggregation": 1 },
            error: "Pendo refused the key.",
          },
        ],
      },
    },
  });
  // A run migrated from the old PullRun table: one pull step with the pull shape only.
  await db.syncRun.create({
    data: {
      id: "run-legacy",
      integrationId: "pendo",
      system: "PENDO",
      kind: "PULL",
      trigger: "schedule",
      status: "SUCCEEDED",
      startedAt: at(5),
      finishedAt: at(6),
      steps: { create: { id: "run-legacy-pull", position: 0, name: "pull", integrationId: "pendo", status: "SUCCEEDED", mode: "full", stats: { users: { read: 8 } } } },
    },
  });
  await db.syncRun.create({
    data: { id: "run-px-failed", integrationId: "px", system: "PX", kind: "PULL", trigger: "cli", status: "FAILED", startedAt: at(20), finishedAt: at(20, 5), error: "Gainsight PX refused the API key: paste a new one on Integrations." },
  });
  await db.syncRun.create({
    data: { id: "run-px-match", integrationId: "px", system: "PX", kind: "MATCH", trigger: "rules", triggeredBy: "ops@example.com", status: "RUNNING", startedAt: at(30) },
  });
  // Five scheduled Pendo pulls that started in the same millisecond: the id breaks the tie.
  await db.syncRun.createMany({
    data: ["tie-a", "tie-b", "tie-c", "tie-d", "tie-e"].map((id) => ({ id, integrationId: "pendo", system: "PENDO" as const, kind: "PULL" as const, trigger: "schedule", status: "SUCCEEDED" as const, startedAt: at(1), finishedAt: at(2) })),
  });

  const result = (outcome: string, operation: string, recordId: string, stepId = "step-match-pendo") => ({
    runId: "run-sf",
    stepId,
    system: "pendo",
    object: "account",
    recordId,
    operation,
    outcome,
    ...(outcome === "succeeded" ? {} : { errorCode: outcome.toUpperCase(), message: `Fix ${recordId}.` }),
    fields: { salesforceId: { before: null, after: "001A" } },
  });
  // The hub's names for two of them: the page shows a record's name beside its id.
  await db.analyticsAccount.createMany({
    data: [
      { integrationId: "pendo", externalId: "acc-4", name: "Acme Four", custom: {}, contentHash: "h", pulledAt: at(0) },
      { integrationId: "px", externalId: "acc-6", name: "Not Pendo's", custom: {}, contentHash: "h", pulledAt: at(0) },
    ],
  });
  // Written in this order; failures must still come first.
  await db.syncRecordResult.createMany({
    data: [
      result("succeeded", "linked", "acc-1"),
      result("succeeded", "linked", "acc-2"),
      result("skipped", "unlinked", "acc-3"),
      result("failed", "linked", "acc-4"),
      result("succeeded", "relinked", "acc-5"),
      result("rejected", "linked", "acc-6"),
      result("invalid", "unlinked", "acc-7"),
      result("failed", "unlinked", "acc-8"),
      result("succeeded", "deleted", "001X", "step-pull"),
    ],
  });
}

beforeAll(async () => {
  await truncateAll(db);
  expect((await list({})).anyRun).toBe(false);
  await seed();
});

afterAll(async () => {
  await db.$disconnect();
});

const NEWEST_FIRST = ["run-px-match", "run-px-failed", "run-sf", "run-legacy", "tie-e", "tie-d", "tie-c", "tie-b", "tie-a"];

describe("listRuns", () => {
  it("lists newest first, breaking ties by id", async () => {
    const page = await list({});
    expect(page.runs.map((r) => r.id)).toEqual(NEWEST_FIRST);
    expect(page.newerCursor).toBeNull();
    expect(page.olderCursor).toBeNull();
    expect(page.anyRun).toBe(true);
  });

  it("filters by integration, status and kind in the query", async () => {
    expect((await list({ integration: "px" })).runs.map((r) => r.id)).toEqual(["run-px-match", "run-px-failed"]);
    expect((await list({ integration: "salesforce" })).runs.map((r) => r.id)).toEqual(["run-sf"]);
    expect((await list({ status: "failed" })).runs.map((r) => r.id)).toEqual(["run-px-failed"]);
    expect((await list({ kind: "MATCH" })).runs.map((r) => r.id)).toEqual(["run-px-match"]);
    expect((await list({ integration: "pendo", status: "SUCCEEDED", limit: 3 })).runs.map((r) => r.id)).toEqual(["run-legacy", "tie-e", "tie-d"]);
    const none = await list({ integration: "salesforce", status: "CANCELLED" });
    expect(none.runs).toEqual([]);
    expect(none.anyRun).toBe(true);
  });

  it("filters by trigger, start day and rejected records", async () => {
    expect((await list({ trigger: "Schedule" })).runs.map((r) => r.id)).toEqual(["run-legacy", "tie-e", "tie-d", "tie-c", "tie-b", "tie-a"]);
    expect((await list({ trigger: "rules" })).runs.map((r) => r.id)).toEqual(["run-px-match"]);
    expect((await list({ rejected: "1" })).runs.map((r) => r.id)).toEqual(["run-sf"]);
    const day = (d: Date) => d.toISOString().slice(0, 10);
    expect((await list({ from: day(at(0)), to: day(at(0)) })).runs.map((r) => r.id)).toEqual(NEWEST_FIRST);
    const dayAfter = day(new Date(at(0).getTime() + 86_400_000));
    expect((await list({ from: dayAfter })).runs).toEqual([]);
    expect(runFilterSchema.safeParse({ from: "yesterday" }).success).toBe(false);
  });

  it("pages older and back newer without skipping or repeating a run, across tied start times", async () => {
    const seen: string[][] = [];
    let page = await list({ limit: 2 });
    seen.push(page.runs.map((r) => r.id));
    expect(page.newerCursor).toBeNull();
    while (page.olderCursor) {
      page = await list({ limit: 2, before: page.olderCursor });
      seen.push(page.runs.map((r) => r.id));
    }
    expect(seen.flat()).toEqual(NEWEST_FIRST);
    expect(seen.map((p) => p.length)).toEqual([2, 2, 2, 2, 1]);

    const back: string[][] = [];
    while (page.newerCursor) {
      page = await list({ limit: 2, after: page.newerCursor });
      back.unshift(page.runs.map((r) => r.id));
      expect(page.olderCursor).not.toBeNull();
    }
    expect(back).toEqual(seen.slice(0, -1));
  });

  it("sums each run's counts and API calls from its steps", async () => {
    const { runs } = await list({ integration: "salesforce" });
    const run = runs[0]!;
    expect(run.pull).toEqual({ read: 150, created: 53, updated: 7, unchanged: 90, removed: 0, deleted: 1, merged: 0 });
    expect(run.match).toEqual({ linked: 3, unlinked: 1, relinked: 1, unmatched: 5 });
    expect(run.apiCalls).toBe(16);
    expect(run.durationMs).toBe(90_000);
    expect(run).toMatchObject({ integration: "Salesforce", trigger: "manual", triggeredBy: "jane@example.com", status: "PARTIAL", live: false });

    const all = await list({});
    const legacy = all.runs.find((r) => r.id === "run-legacy")!;
    expect(legacy.pull).toEqual({ read: 8, created: 0, updated: 0, unchanged: 0, removed: 0, deleted: 0, merged: 0 });
    expect(legacy.match).toBeNull();
    const running = all.runs.find((r) => r.id === "run-px-match")!;
    expect(running).toMatchObject({ live: true, finishedAt: null, pull: null, match: null, apiCalls: 0, durationMs: 29 * 60_000 });
  });
});

describe("run detail", () => {
  it("returns the run with its steps in order, their counts, durations, API calls and errors", async () => {
    const run = (await getRunDetail("run-sf", at(59)))!;
    expect(run).toMatchObject({ status: "PARTIAL", attempts: 2, durationMs: 90_000, live: false, error: expect.stringMatching(/could not be linked/) });
    expect(run.steps.map((s) => [s.position, s.name, s.integration])).toEqual([
      [0, "pull", "Salesforce"],
      [1, "match", "Pendo"],
      [2, "match", "Gainsight PX"],
    ]);
    const [pull, matchPendo] = run.steps;
    expect(pull!.durationMs).toBe(60_000);
    expect(pull!.apiCalls).toEqual([
      { kind: "GET /query", calls: 12 },
      { kind: "GET /queryMore", calls: 3 },
    ]);
    expect(pull!.counts.kind === "pull" && pull!.counts.objects.contacts?.created).toBe(50);
    expect(matchPendo!.error).toBe("Pendo refused the key.");
    expect(matchPendo!.counts.kind === "match" && matchPendo!.counts.objects.contacts.matched).toBe(0);
    expect(run.outcomes).toEqual([
      { outcome: "failed", count: 2 },
      { outcome: "rejected", count: 1 },
      { outcome: "invalid", count: 1 },
      { outcome: "skipped", count: 1 },
      { outcome: "succeeded", count: 4 },
    ]);
    expect(run.operations.map((o) => o.operation)).toEqual(["deleted", "linked", "relinked", "unlinked"]);
    expect(await getRunDetail("no-such-run")).toBeNull();
    expect(await loadRunPage("no-such-run", recordFilterSchema.parse({}), OPERATOR)).toBeNull();
  });

  it("lists record results failures first, then in the order written", async () => {
    const page = await records("run-sf");
    expect(page.records.map((r) => r.recordId)).toEqual(["acc-4", "acc-8", "acc-6", "acc-7", "acc-3", "acc-1", "acc-2", "acc-5", "001X"]);
    expect(page).toMatchObject({ total: 9, page: 1, pageCount: 1 });
    expect(page.records[0]).toMatchObject({ outcome: "failed", errorCode: "FAILED", message: "Fix acc-4.", id: expect.stringMatching(/^\d+$/) });
    expect(page.records.find((r) => r.recordId === "acc-4")!.name).toBe("Acme Four");
    // acc-6 exists in PX only, and this step matched Pendo: no name rather than another tool's.
    expect(page.records.find((r) => r.recordId === "acc-6")!.name).toBeNull();
    // BigInt ids arrive as strings, so the page serialises as JSON.
    expect(() => JSON.stringify(page)).not.toThrow();
  });

  it("filters records by outcome and operation, and pages across outcome groups", async () => {
    expect((await records("run-sf", { outcome: "failures" })).records.map((r) => r.recordId)).toEqual(["acc-4", "acc-8", "acc-6", "acc-7"]);
    expect((await records("run-sf", { outcome: "succeeded", operation: "linked" })).records.map((r) => r.recordId)).toEqual(["acc-1", "acc-2"]);
    expect((await records("run-sf", { operation: "unlinked" })).records.map((r) => r.recordId)).toEqual(["acc-8", "acc-7", "acc-3"]);

    const pages = await Promise.all([1, 2, 3, 4].map((p) => records("run-sf", { page: String(p), pageSize: "3" })));
    expect(pages.map((p) => p.records.map((r) => r.recordId))).toEqual([["acc-4", "acc-8", "acc-6"], ["acc-7", "acc-3", "acc-1"], ["acc-2", "acc-5", "001X"], []]);
    expect(pages[0]!.pageCount).toBe(3);
  });

  it("streams every record for the command line, failures first", async () => {
    const ids: string[] = [];
    for await (const r of allRunRecords("run-sf", { outcome: "failures" }, OPERATOR)) ids.push(r.recordId);
    expect(ids).toEqual(["acc-4", "acc-8", "acc-6", "acc-7"]);
    let all = 0;
    for await (const _ of allRunRecords("run-sf", {}, OPERATOR)) all++;
    expect(all).toBe(9);
  });
});

describe("GET /api/runs and /api/runs/[id]", () => {
  const call = (handler: typeof getRuns, url: string, params: Record<string, string> = {}) =>
    handler(new Request(`http://localhost${url}`, { headers: { host: "localhost" } }), { params: Promise.resolve(params) });

  it("lists runs with the page's filters, and refuses filters it does not know with a sentence", async () => {
    const ok = await call(getRuns, "/api/runs?integration=px&limit=1");
    expect(ok.status).toBe(200);
    const body = (await ok.json()) as { runs: { id: string }[]; olderCursor: string | null };
    expect(body.runs.map((r) => r.id)).toEqual(["run-px-match"]);
    expect(body.olderCursor).toMatch(/^started\.desc\.\d+\.run-px-match$/);
    const bad = await call(getRuns, "/api/runs?status=exploded");
    expect(bad.status).toBe(422);
    expect(((await bad.json()) as { error: { message: string } }).error.message).toMatch(/status/);
  });

  it("finds records by error code, by id or its start, and by the name the hub holds; exports them as CSV", async () => {
    const ids = async (input: Record<string, string>) => (await listRunRecords("run-sf", recordFilterSchema.parse(input), OPERATOR)).records.map((r) => r.recordId).sort();
    expect(await ids({ errorCode: "FAILED" })).toEqual(["acc-4", "acc-8"]);
    expect(await ids({ q: "acc-7" })).toEqual(["acc-7"]);
    expect(await ids({ q: "acc-" })).toHaveLength(8);
    expect(await ids({ q: "acme fo" })).toEqual(["acc-4"]);
    expect(await ids({ q: "acme", outcome: "succeeded" })).toEqual([]);
    expect(recordFilterSchema.safeParse({ errorCode: "no spaces" }).success).toBe(false);

    const csv = await call(getRunCsv, "/api/runs/run-sf/records.csv?errorCode=FAILED", { id: "run-sf" });
    expect(csv.status).toBe(200);
    expect(csv.headers.get("content-type")).toContain("text/csv");
    const lines = (await csv.text()).trim().split("\n");
    expect(lines[0]).toBe("outcome,operation,system,object,record_id,name,error_code,message,fields,at");
    expect(lines.slice(1).map((l) => l.split(",").slice(0, 7).join(","))).toEqual(["failed,linked,pendo,account,acc-4,Acme Four,FAILED", "failed,unlinked,pendo,account,acc-8,,FAILED"]);
    expect((await call(getRunCsv, "/api/runs/nope/records.csv", { id: "nope" })).status).toBe(404);
  });

  it("serves one run with its records as JSON (record ids as strings), and 404 for an unknown id", async () => {
    const detail = await call(getRun, "/api/runs/run-sf?outcome=failures&pageSize=2", { id: "run-sf" });
    expect(detail.status).toBe(200);
    const body = (await detail.json()) as { run: { id: string; steps: unknown[] }; records: { records: { id: unknown }[]; total: number } };
    expect(body.run.id).toBe("run-sf");
    expect(body.run.steps).toHaveLength(3);
    expect(body.records.total).toBe(4);
    expect(body.records.records.map((r) => typeof r.id)).toEqual(["string", "string"]);
    expect((await call(getRun, "/api/runs/nope", { id: "nope" })).status).toBe(404);
  });
});

describe("runProgress", () => {
  it("estimates a live run's time left from the integration's finished runs of its kind, else from the share done", async () => {
    const systems = new Map([
      ["sf", "SALESFORCE" as const],
      ["pendo", "PENDO" as const],
      ["px", "PX" as const],
    ]);
    const pull = { id: "live-sf", integrationId: "sf", kind: "PULL" as const, startedAt: at(40), live: true };
    const steps = [
      { position: 0, name: "pull", integrationId: "sf", status: "RUNNING" as const, stats: {} },
      { position: 1, name: "match", integrationId: "pendo", status: "PENDING" as const, stats: {} },
    ];
    // run-sf, the one finished Salesforce pull, took 90 s.
    const p = await runProgress(pull, steps, systems, at(40, 30));
    expect(p!.basis).toEqual({ kind: "history", runs: 1, averageMs: 90_000 });
    expect(p!.timeLeftMs).toBe(60_000);
    expect(p!.progress).toMatchObject({ step: 1, steps: 2, percent: 0 });
    expect((await runProgress(pull, steps, systems, at(45)))!.timeLeftMs).toBe(0);
    expect(await runProgress({ ...pull, live: false }, steps, systems, at(41))).toBeNull();

    // No PX re-match has finished: half the steps done in 60 s leaves about 60 s.
    const match = { id: "live-px", integrationId: "px", kind: "MATCH" as const, startedAt: at(40), live: true };
    const halfway = [
      { position: 0, name: "match", integrationId: "px", status: "SUCCEEDED" as const, stats: {} },
      { position: 1, name: "match", integrationId: "px", status: "RUNNING" as const, stats: {} },
    ];
    expect(await runProgress(match, halfway, systems, at(41))).toMatchObject({ timeLeftMs: 60_000, basis: { kind: "share" } });
    expect(await runProgress(match, [{ ...halfway[1]!, position: 0 }], systems, at(41))).toMatchObject({ timeLeftMs: null, basis: null });
  });
});
