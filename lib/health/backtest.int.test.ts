import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

// The backtest against the emulators over HTTP (ports 3321-3323): after a sync of both tools, the
// outcomes are the fixture's churns and renewals; the KPI history the horizons need is computed
// within the per-run bound; a replayed score is the daily scoring's score of that day and version;
// two versions compare over the same outcomes; and the console's job and route give the same result.
vi.hoisted(() => {
  vi.stubEnv("SALESFORCE_EMULATOR_URL", "http://127.0.0.1:3321");
  vi.stubEnv("PENDO_EMULATOR_URL", "http://127.0.0.1:3322");
  vi.stubEnv("PX_EMULATOR_URL", "http://127.0.0.1:3323/v1");
  vi.stubEnv("SECRETS_KEY", Buffer.alloc(32, 13).toString("base64"));
});
const session = vi.hoisted(() => ({ user: null as import("@/lib/auth/session").CurrentUser | null }));
vi.mock("@/lib/auth/session", () => ({ getCurrentUser: async () => session.user }));

import { Worker } from "bullmq";
import { generateDemoData } from "@/emulators/generator/generate";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { connectedHub } from "@/lib/testing/connected-hub";
import { runSync } from "@/lib/sync/push/run-sync";
import { createWorkerConnection } from "@/lib/queue/connection";
import { DEFAULT_HEALTH_MODEL } from "@/lib/health/default-model";
import { healthModelVersion, saveHealthModelVersion } from "@/lib/health/model-versions";
import { scoreHealth } from "@/lib/health/score-health";
import { loadChurnOutcomes, type ChurnOutcome } from "@/lib/health/churn-outcomes";
import { compareBacktests, runBacktest, type BacktestResult } from "@/lib/health/backtest";
import type { BacktestJobStatus } from "@/lib/health/backtest-job";
import { areaUnder } from "@/lib/health/roc-curve";
import { kpiSnapshotDays } from "@/lib/kpis/kpi-history";
import { addDays, utcDay } from "@/lib/usage/days";
import { processJob } from "@/workers/processors/registry";
import { workerIdentity } from "@/workers/processors/heartbeat";
import { GET, POST } from "@/app/api/health/backtest/route";

const DAY_MS = 86_400_000;
// Seed 41 at 150 accounts: 18 accounts churned, 11 of them 30 days or more after the usage window's
// start (the first test holds the fixture to that), so the 30-day horizon has churns to score.
const fixture = generateDemoData({ seed: 41, accounts: 150 });
let teardown: () => Promise<void> = async () => undefined;

beforeAll(async () => {
  teardown = await connectedHub(fixture, 3321);
  for (const system of ["PENDO", "PX"] as const) {
    const tool = await db.integration.findFirstOrThrow({ where: { system } });
    const sync = await runSync(tool.id, { trigger: "test" });
    expect(sync.status, sync.error).toBe("SUCCEEDED");
  }
}, 300_000);

afterAll(() => teardown());

type Rec = Record<string, unknown>;
const objects = fixture.salesforce.objects as unknown as { Account: Rec[]; Opportunity: Rec[] };

/** The outcomes read straight from the fixture, written out without lib/health's code. */
function fixtureOutcomes(today: string): ChurnOutcome[] {
  const out: ChurnOutcome[] = [];
  for (const a of objects.Account.filter((x) => x.IsDeleted !== true)) {
    const renewals = objects.Opportunity.filter((o) => o.AccountId === a.Id && o.IsDeleted !== true && o.Type === "Renewal" && (o.CloseDate as string) < today);
    const won = renewals.filter((o) => o.StageName === "Closed Won").map((o) => o.CloseDate as string);
    const lastWon = won.length ? won.reduce((x, y) => (x > y ? x : y)) : null;
    const lost = renewals.filter((o) => o.StageName === "Closed Lost").map((o) => o.CloseDate as string);
    const field = typeof a.Churn_Date__c === "string" && a.Churn_Date__c < today ? [a.Churn_Date__c] : [];
    const churns = [...lost, ...field].filter((d) => lastWon === null || d >= lastWon);
    const churnDay = churns.length ? churns.reduce((x, y) => (x < y ? x : y)) : null;
    if (churnDay) out.push({ accountId: a.Id as string, name: a.Name as string, outcome: "churned", date: churnDay });
    else if (lastWon) out.push({ accountId: a.Id as string, name: a.Name as string, outcome: "renewed", date: lastWon });
  }
  return out.sort((x, y) => (x.accountId < y.accountId ? -1 : 1));
}

async function salesforceId() {
  return (await db.integration.findFirstOrThrow({ where: { system: "SALESFORCE" } })).id;
}

/** Runs the backtest until no KPI history is left over (each run computes at most 120 days). */
async function completeBacktest(version?: number): Promise<BacktestResult> {
  for (let run = 0; run < 4; run++) {
    const result = await runBacktest(version);
    if (result.history.tools.every((t) => t.leftOver === 0)) return result;
  }
  throw new Error("KPI history still left over after four runs");
}

/** What must not change between two replays of the same data (timings and the history run differ). */
const replayed = (r: BacktestResult) => ({ modelVersion: r.modelVersion, today: r.today, outcomes: r.outcomes, horizons: r.horizons });

describe("health backtest", () => {
  it("the fixture has churns to score: some fall 30 days or more after the usage window's start", () => {
    const windowStart = Date.parse(fixture.now!) - 100 * DAY_MS;
    const late = objects.Account.filter((a) => typeof a.Churn_Date__c === "string" && Date.parse(a.Churn_Date__c) >= windowStart + 30 * DAY_MS);
    expect(late.length).toBeGreaterThanOrEqual(5);
  });

  it("outcomes are the fixture's churns and renewals, read independently", async () => {
    const today = utcDay(Date.now());
    const outcomes = await loadChurnOutcomes(await salesforceId(), today);
    expect(outcomes).toEqual(fixtureOutcomes(today));
    expect(outcomes.filter((o) => o.outcome === "churned").length).toBeGreaterThan(10);
    expect(outcomes.filter((o) => o.outcome === "renewed").length).toBeGreaterThan(50);
  });

  it("computes at most the bound of KPI history a run, newest days first, and the rest on the next runs", { timeout: 600_000 }, async () => {
    const pendo = await db.integration.findFirstOrThrow({ where: { system: "PENDO" } });
    const before = await db.kpiSnapshot.groupBy({ by: ["day"], where: { integrationId: pendo.id } });
    expect(before.length).toBe(1); // the sync's own snapshot of its last ingested day

    const first = await runBacktest(undefined, { maxHistoryDays: 5 });
    const pendoHistory = first.history.tools.find((t) => t.system === "pendo")!;
    expect(pendoHistory.computed).toBe(5);
    expect(pendoHistory.leftOver).toBe(pendoHistory.needed - pendoHistory.present - 5);
    expect(first.history.notes.join(" ")).toContain("at most 5");
    const limited = first.horizons.reduce((n, h) => n + h.unscoredBy["history-limit"], 0);
    expect(limited).toBeGreaterThan(0);
    // The five days computed are the newest the horizons needed.
    const coverage = pendoHistory.coverage!;
    const needed = [...new Set(first.outcomes.flatMap((o) => first.horizons.map((h) => addDays(o.date, -h.days))))].filter((d) => d >= coverage.firstDay && d <= coverage.lastDay);
    const have = await kpiSnapshotDays(pendo.id, needed);
    const synced = new Set(before.map((b) => utcDay(b.day)));
    const computed = [...have].filter((d) => !synced.has(d)).sort();
    expect(computed.length).toBe(5);
    const left = needed.filter((d) => !have.has(d)).sort();
    expect(left.length).toBe(pendoHistory.leftOver);
    expect(left.at(-1)! < computed[0]!).toBe(true);

    const full = await completeBacktest();
    for (const t of full.history.tools) expect(t.present + t.computed).toBe(t.needed);
    for (const h of full.horizons) {
      expect(h.unscoredBy["history-limit"]).toBe(0);
      expect(h.scored + h.unscored).toBe(h.outcomes);
      expect(Object.values(h.unscoredBy).reduce((a, b) => a + b, 0)).toBe(h.unscored);
      expect(h.metrics.accounts).toBe(h.scored);
      expect(h.points.length).toBe(full.outcomes.length);
    }
    // Days before the usage ingested have no snapshot: renewals a year ago are outside the history.
    expect(full.horizons[0]!.unscoredBy["outside-history"]).toBeGreaterThan(0);
    // Another run computes nothing and replays the same.
    const again = await runBacktest();
    expect(again.history.tools.map((t) => t.computed)).toEqual([0, 0]);
    expect(replayed(again)).toEqual(replayed(full));
  });

  it("computes an AUC at each horizon, with a ROC curve whose area is that AUC", async () => {
    const result = await runBacktest();
    const at30 = result.horizons.find((h) => h.days === 30)!;
    expect(at30.metrics.churned).toBeGreaterThan(3);
    expect(at30.metrics.renewed).toBeGreaterThan(10);
    for (const h of result.horizons) {
      if (h.metrics.auc === null) continue;
      expect(areaUnder(h.roc)).toBeCloseTo(h.metrics.auc, 12);
    }
    expect(at30.metrics.auc).not.toBeNull();
    expect(at30.metrics.verdict.sentence).toMatch(/AUC of \d\.\d\d/);
    // Each point is its outcome's, scored on the outcome's day less the horizon.
    const byId = new Map(result.outcomes.map((o) => [o.accountId, o]));
    for (const p of at30.points) expect(p.day).toBe(addDays(byId.get(p.accountId)!.date, -30));
  });

  it("a replayed score is the daily scoring's stored score for that day and version", { timeout: 300_000 }, async () => {
    const result = await runBacktest(1);
    const points = result.horizons.flatMap((h) => h.points);
    // The days with the most scored outcomes, and one with outcomes not tracked by either tool.
    const counts = new Map<string, number>();
    for (const p of points) if (p.unscored === null) counts.set(p.day, (counts.get(p.day) ?? 0) + 1);
    const days = [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, 3).map(([d]) => d);
    const untracked = points.find((p) => p.unscored === "not-tracked");
    if (untracked) days.push(untracked.day);
    const version = await healthModelVersion(1);
    let compared = 0;
    for (const day of days) {
      await scoreHealth({ day, version });
      const stored = new Map((await db.healthScore.findMany({ where: { day: new Date(`${day}T00:00:00Z`) } })).map((r) => [r.accountId, r]));
      for (const p of points.filter((x) => x.day === day)) {
        const row = stored.get(p.accountId)!;
        expect(row.modelVersion).toBe(1);
        if (p.unscored === null) {
          expect([p.accountId, day, p.score, p.colour, p.usageSource]).toEqual([p.accountId, day, row.score, row.colour, row.usageSource]);
          expect((row.measures as { kpiDay: string | null }).kpiDay).toBe(p.kpiDay);
          compared++;
        } else if (p.unscored === "not-tracked") {
          // The daily scoring found no snapshot of the account either.
          expect(row.usageSource).toBeNull();
        }
      }
    }
    expect(compared).toBeGreaterThan(5);
  });

  it("compares two versions over the same outcomes, each as its own backtest replays it", async () => {
    const who = await db.user.upsert({ where: { email: "ops@backtest.test" }, create: { email: "ops@backtest.test", role: "OPS", passwordHash: null }, update: {} });
    const npsOnly = { ...DEFAULT_HEALTH_MODEL, name: "NPS-heavy", measures: DEFAULT_HEALTH_MODEL.measures.map((m) => (m.key === "nps" ? { ...m, weight: 80 } : m)) };
    const saved = await saveHealthModelVersion(npsOnly, "NPS weighs more", { id: who.id, email: who.email });
    const comparison = await compareBacktests(1, saved.version);
    expect(replayed(comparison.a)).toEqual(replayed(await runBacktest(1)));
    expect(replayed(comparison.b)).toEqual(replayed(await runBacktest(saved.version)));
    expect(comparison.b.outcomes).toEqual(comparison.a.outcomes);
    expect(comparison.horizons.map((h) => h.days)).toEqual([30, 60, 90]);
    const at30 = comparison.horizons[0]!;
    expect(at30.difference).toBeCloseTo(comparison.b.horizons[0]!.metrics.auc! - comparison.a.horizons[0]!.metrics.auc!, 12);
    expect(at30.sentence).toMatch(/version|No difference/);
  });

  it("the console's job gives the route the result the backtest gives", { timeout: 120_000 }, async () => {
    const admin = await db.user.upsert({ where: { email: "admin@backtest.test" }, create: { email: "admin@backtest.test", role: "ADMIN", passwordHash: null }, update: {} });
    session.user = { id: admin.id, email: admin.email, name: null, role: "ADMIN", mustChangePassword: false };
    const post = (body: unknown) => POST(new Request("http://localhost/api/health/backtest", { method: "POST", headers: { "content-type": "application/json", host: "localhost" }, body: JSON.stringify(body) }), { params: Promise.resolve({}) });
    const get = (jobId: string) => GET(new Request(`http://localhost/api/health/backtest?jobId=${encodeURIComponent(jobId)}`, { headers: { host: "localhost" } }), { params: Promise.resolve({}) });

    // Refused before anything is queued: no such version, the same version twice.
    expect((await post({ version: 99 })).status).toBe(404);
    expect((await post({ version: 1, compare: 1 })).status).toBe(422);

    const queued = await post({ version: 1 });
    expect(queued.status).toBe(200);
    const { jobId } = (await queued.json()) as { jobId: string };
    // Asked again while it waits: the same job.
    expect(((await (await post({ version: 1 })).json()) as { jobId: string }).jobId).toBe(jobId);
    expect(((await (await get(jobId)).json()) as BacktestJobStatus).state).toBe("queued");

    const identity = workerIdentity(["sync"], "test");
    const worker = new Worker("sync", (job) => processJob(job, identity), { connection: createWorkerConnection("backtest-test"), prefix: env.QUEUE_PREFIX, concurrency: 1 });
    let status: BacktestJobStatus;
    try {
      const deadline = Date.now() + 90_000;
      for (;;) {
        status = (await (await get(jobId)).json()) as BacktestJobStatus;
        if (status.state === "done" || status.state === "failed" || Date.now() > deadline) break;
        await new Promise((r) => setTimeout(r, 200));
      }
    } finally {
      await worker.close();
    }
    expect(status.state, JSON.stringify(status).slice(0, 300)).toBe("done");
    if (status.state !== "done") return;
    expect(status.request).toEqual({ version: 1, compare: null });
    expect(status.result.compare).toBeNull();
    expect(replayed(status.result.backtest!)).toEqual(replayed(await runBacktest(1)));

    // Only backtest jobs are read; an id nobody was given is not found.
    expect((await get("999999")).status).toBe(404);
    expect((await get("not-a-job")).status).toBe(422);
  });
});
