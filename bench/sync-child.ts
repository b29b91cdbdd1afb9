import { z } from "zod";
import { db } from "@/lib/db";
import { salesforceIntegration } from "@/lib/hub/integrations";
import { connectDemo } from "@/lib/integrations/connect-demo";
import { salesforcePullSettings } from "@/lib/integrations/pull-settings";
import { withSalesforce } from "@/lib/integrations/salesforce-client";
import { syncInline } from "@/lib/sync/push/run-sync";

// The worker's side of bench/sync.ts, in its own process so its peak memory is the sync's alone:
// connects the three emulators as the demo does, runs `cli sync --inline` (every connected tool),
// then, unless BENCH_SYNC_PASSES=1, the same again with nothing changed. Each pass is read back from where the
// product leaves it (the runs, steps and per-record results in the database) and from the
// Salesforce emulator's request counters, which see every call whoever makes it.
// One JSON line on stdout.

const SF_ADMIN = `${process.env.SALESFORCE_EMULATOR_URL}/__emulator`;
const countersSchema = z.object({ requests: z.record(z.string(), z.number()), apiUsage: z.object({ used: z.number() }) });
const ingestJobsSchema = z.object({
  records: z.array(z.object({ id: z.string(), object: z.string(), operation: z.string(), numberRecordsProcessed: z.number().optional(), numberRecordsFailed: z.number().optional() })),
});

async function emulatorCounters() {
  return countersSchema.parse(await (await fetch(`${SF_ADMIN}/counters`)).json());
}

export interface SyncPassFigures {
  wallMs: number;
  /** This process's high-water RSS after the pass (cumulative over the run). */
  peakRssMb: number;
  summaries: { system: string; status: string; runId: string; error?: string; apiCalls: Record<string, number> }[];
  /** The Salesforce emulator's request counters over the pass, by route. */
  salesforceRequests: Record<string, number>;
  /** The org's API allowance the pass spent, as the emulator keeps it. */
  salesforceApiUsed: number;
  ingestJobs: { id: string; object: string; operation: string; processed: number; failed: number }[];
  runs: { id: string; kind: string; system: string; status: string; error: string | null; steps: { name: string; system: string; status: string; ms: number | null; apiCalls: Record<string, number>; stats: unknown }[] }[];
  /** Per-record results of the pass's runs, counted by system, object, operation and outcome. */
  results: { system: string; object: string; operation: string; outcome: string; count: number }[];
}

export interface SyncChildOutput {
  first: SyncPassFigures;
  /** Absent with BENCH_SYNC_PASSES=1. */
  resync: SyncPassFigures | null;
  /** The Salesforce objects the push writes, by entity. */
  salesforceObjects: Record<string, string>;
}

const ms = (from: Date | null, to: Date | null) => (from && to ? to.getTime() - from.getTime() : null);

async function pass(label: string, seenJobs: Set<string>): Promise<SyncPassFigures> {
  console.error(`bench: ${label}…`);
  const since = new Date();
  await fetch(`${SF_ADMIN}/counters/reset`, { method: "POST", headers: { "content-type": "application/json" }, body: "{}" });
  const usedBefore = (await emulatorCounters()).apiUsage.used;
  const started = performance.now();
  const summaries = await syncInline();
  const wallMs = performance.now() - started;
  const peakRssMb = process.resourceUsage().maxRSS / 1024;
  const counters = await emulatorCounters();

  // Read after the counters, so listing the jobs is not charged to the pass.
  const salesforce = await salesforceIntegration();
  const listed = salesforce ? ingestJobsSchema.parse(await withSalesforce(salesforce, (sf) => sf.requestJson("GET", "/jobs/ingest", undefined, "bench"))).records : [];
  const ingestJobs = listed
    .filter((j) => !seenJobs.has(j.id))
    .map((j) => ({ id: j.id, object: j.object, operation: j.operation, processed: j.numberRecordsProcessed ?? 0, failed: j.numberRecordsFailed ?? 0 }));
  for (const j of listed) seenJobs.add(j.id);

  const systems = new Map((await db.integration.findMany({ select: { id: true, system: true } })).map((i) => [i.id, i.system]));
  const runs = await db.syncRun.findMany({ where: { startedAt: { gte: since } }, include: { steps: { orderBy: { position: "asc" } } }, orderBy: { startedAt: "asc" } });
  const grouped = await db.syncRecordResult.groupBy({ by: ["system", "object", "operation", "outcome"], where: { runId: { in: runs.map((r) => r.id) } }, _count: { _all: true } });
  console.error(`bench:   ${(wallMs / 1000).toFixed(1)} s, ${Math.round(peakRssMb)} MB peak, ${counters.apiUsage.used - usedBefore} Salesforce API calls`);
  return {
    wallMs,
    peakRssMb,
    summaries: summaries.map((s) => ({ system: s.system, status: s.status, runId: s.runId, ...(s.error ? { error: s.error } : {}), apiCalls: s.apiCalls })),
    salesforceRequests: counters.requests,
    salesforceApiUsed: counters.apiUsage.used - usedBefore,
    ingestJobs,
    runs: runs.map((r) => ({
      id: r.id,
      kind: r.kind,
      system: r.system,
      status: r.status,
      error: r.error,
      steps: r.steps.map((s) => ({ name: s.name, system: systems.get(s.integrationId) ?? "?", status: s.status, ms: ms(s.startedAt, s.finishedAt), apiCalls: (s.apiCalls ?? {}) as Record<string, number>, stats: s.stats })),
    })),
    results: grouped.map((g) => ({ system: g.system, object: g.object, operation: g.operation, outcome: g.outcome, count: g._count._all })),
  };
}

const connected = await connectDemo({ actor: null, ip: "bench" });
if (connected.some((c) => !c.ok)) throw new Error(JSON.stringify(connected));
const seenJobs = new Set<string>();
const first = await pass("first full sync", seenJobs);
const resync = process.env.BENCH_SYNC_PASSES === "1" ? null : await pass("no-change resync", seenJobs);
const salesforce = await salesforceIntegration();
const settings = salesforce ? await salesforcePullSettings(salesforce.id) : null;
const salesforceObjects = { account: settings?.accountObject ?? "Account", contact: settings?.contactObject ?? "Contact" };
await db.$disconnect();
const output: SyncChildOutput = { first, resync, salesforceObjects };
process.stdout.write(`${JSON.stringify(output)}\n`);
process.exit(0);
