import { cpus, loadavg } from "node:os";
import { generateDemoData, fixtureCounts } from "@/emulators/generator/generate";
import type { SyncChildOutput, SyncPassFigures } from "./sync-child";
import type { BaselineFigures } from "./baseline-per-record";
import { freshDatabase, log, numericFlags, productEnv, round, runChild, startEmulators } from "./harness";
import { addCalls, collectionsCalls, goal, ratio, salesforceApiCalls, writeCalls } from "./sync-figures";

// What a Synchronize costs at scale, against a one-call-per-record tool on the same data:
//   npm run -s bench -- sync [--accounts 10000] [--users-scale 4] [--baseline-concurrency 4]
//
// This process generates demo data and serves it from the three emulators; the clients run in
// child processes (see bench/harness.ts):
//   1. bench/sync-child.ts: connects the demo, runs `cli sync --inline` (every tool: pull, match,
//      push) into a scratch database, then again with nothing changed; its peak RSS is the
//      worker's cost. Salesforce calls are counted at the emulator, which sees all of them.
//   2. The Salesforce org goes back to the generated data, and bench/baseline-per-record.ts
//      replays every record the first sync wrote, one read and one write call per record.
//   3. Fresh emulators and database, and the first sync once more with the push's Bulk threshold
//      (SALESFORCE_BULK_PUSH_THRESHOLD, default 2,000 records) out of reach, so its Collections
//      path is measured at scale.
// Progress and a short summary go to stderr, one JSON document to stdout.

const argv = process.argv.slice(2);
const USAGE = "usage: npm run bench -- sync [--accounts 10000] [--users-scale 4] [--baseline-concurrency 4]";
const flag = numericFlags(argv, USAGE, ["accounts", "users-scale", "baseline-concurrency"]);
const accounts = flag("accounts") ?? 10_000;
const usersScale = flag("users-scale") ?? 4;
// A per-record tool runs records side by side; a few at once keeps the emulator (one thread,
// sharing 2 cores with the client) busy without charging the baseline for queueing.
const concurrency = flag("baseline-concurrency") ?? 4;
const database = "clearinghouse_bench_sync";

const loadAtStart = loadavg().map((l) => round(l, 2));
log(`generating ${accounts} accounts (users scale ${usersScale})…`);
const fixture = generateDemoData({ seed: 42, accounts, profile: { usersScale } });
const counts = fixtureCounts(fixture);
log("starting the emulators…");
let emulators = await startEmulators(fixture);
let env = productEnv(database, emulators);
if (!(await freshDatabase(database, env))) await stop(1);

async function stop(code: number): Promise<never> {
  await emulators.close();
  process.exit(code);
}

async function salesforceAdmin<T>(path: string, body?: unknown): Promise<T> {
  const res = await fetch(`${emulators.salesforceUrl}/__emulator/${path}`, body === undefined ? {} : { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  if (!res.ok) throw new Error(`emulator ${path} → ${res.status}: ${await res.text()}`);
  return (await res.json()) as T;
}
type Counters = { requests: Record<string, number>; apiUsage: { used: number; max: number } };

log("product sync…");
const sync = await runChild<SyncChildOutput>("bench/sync-child.ts", env, stop);
if (!sync.resync) throw new Error("sync-child ran one pass");

// The org back to the generated data (the product's token stays valid), as the first sync found it.
// At scale the baseline needs more calls than an org's daily allowance holds; refused calls would
// flatter its time, so the allowance is lifted for it (and the output says how far over it went).
log(`one-call-per-record baseline (${concurrency} at once)…`);
await salesforceAdmin("reset", {});
const dailyAllowance = (await salesforceAdmin<Counters>("counters")).apiUsage.max;
await salesforceAdmin("limits", { max: 1_000_000_000, remaining: 1_000_000_000 });
const baseline = await runChild<BaselineFigures>(
  "bench/baseline-per-record.ts",
  { ...env, BENCH_RUN_IDS: JSON.stringify(sync.first.runs.map((r) => r.id)), BENCH_SF_OBJECTS: JSON.stringify(sync.salesforceObjects), BENCH_BASELINE_CONCURRENCY: String(concurrency) },
  stop,
);
const baselineApiUsed = (await salesforceAdmin<Counters>("counters")).apiUsage.used;

// Restarted rather than reset: a sync's push.pendo / push.px steps write Salesforce's fields back
// into the tools, and this pass must find them as the first one did.
log("first sync again, Collections only…");
await emulators.close();
emulators = await startEmulators(fixture);
env = productEnv(database, emulators, { SALESFORCE_BULK_PUSH_THRESHOLD: String(Number.MAX_SAFE_INTEGER), BENCH_SYNC_PASSES: "1" });
if (!(await freshDatabase(database, env))) await stop(1);
const collectionsOnly = (await runChild<SyncChildOutput>("bench/sync-child.ts", env, stop)).first;
await emulators.close();

const WRITE_OPERATIONS = new Set(["update", "upsert", "create"]);
function recordsWritten(p: SyncPassFigures): Record<string, number> {
  const out: Record<string, number> = {};
  for (const r of p.results) if (WRITE_OPERATIONS.has(r.operation) && r.outcome === "succeeded") out[r.system] = (out[r.system] ?? 0) + r.count;
  return out;
}
/** Every call the product tallied in the pass's steps (pulls, matching, pushes, all systems). */
const productCalls = (p: SyncPassFigures) => addCalls(...p.runs.flatMap((r) => r.steps.map((s) => s.apiCalls)));
/** The usage ingestion steps (issue 12) a Synchronize now includes: reported apart from issue 10's flow. */
const usageMs = (p: SyncPassFigures) => p.runs.flatMap((r) => r.steps).filter((s) => s.name === "usage").reduce((a, s) => a + (s.ms ?? 0), 0);

/** The steps that write the tools' numbers into Salesforce: what the baseline does. */
const salesforcePushMs = (p: SyncPassFigures) => p.runs.flatMap((r) => r.steps).filter((s) => s.name === "push.salesforce").reduce((a, s) => a + (s.ms ?? 0), 0);

function passFigures(p: SyncPassFigures) {
  const calls = salesforceApiCalls(p.salesforceRequests);
  const written = recordsWritten(p);
  const collectionsCallCount = collectionsCalls(p.salesforceRequests);
  const bulkSucceeded = p.ingestJobs.reduce((a, j) => a + j.processed - j.failed, 0);
  const collectionsRecords = (written.salesforce ?? 0) - bulkSucceeded;
  const salesforceWrites = writeCalls(p.salesforceRequests);
  return {
    wallMs: Math.round(p.wallMs),
    salesforcePushStepsMs: salesforcePushMs(p),
    usageStepsMs: usageMs(p),
    withoutUsageMs: Math.round(p.wallMs - usageMs(p)),
    peakWorkerRssMb: Math.round(p.peakRssMb),
    runs: p.summaries.map((s) => ({ system: s.system, status: s.status, ...(s.error ? { error: s.error } : {}) })),
    steps: p.runs.flatMap((r) => r.steps.map((s) => ({ step: `${s.name} ${s.system}`, status: s.status, ms: s.ms }))),
    salesforceApiCalls: { total: p.salesforceApiUsed, byKind: calls.byKind },
    salesforceWriteCalls: salesforceWrites,
    productWriteCalls: writeCalls(productCalls(p)),
    collectionsCalls: collectionsCallCount,
    bulkJobs: { jobs: p.ingestJobs.length, recordsProcessed: p.ingestJobs.reduce((a, j) => a + j.processed, 0), byObject: addCalls(...p.ingestJobs.map((j) => ({ [j.object]: j.processed }))) },
    recordsWritten: written,
    recordsPerCollectionsCall: collectionsCallCount > 0 ? ratio(collectionsRecords, collectionsCallCount) : null,
    recordsPerSalesforceWriteCall: ratio(written.salesforce ?? 0, salesforceWrites.total),
  };
}
const first = passFigures(sync.first);
const again = passFigures(sync.resync);
const resyncWriteCalls = Math.max(again.salesforceWriteCalls.total, again.productWriteCalls.total);

const baselineCalls = baseline.reads + baseline.writes;
const atScale = passFigures(collectionsOnly);
const ratios = {
  calls: ratio(baselineCalls, first.salesforceApiCalls.total),
  writeCalls: ratio(baseline.writes, first.salesforceWriteCalls.total),
  time: ratio(baseline.wallMs, sync.first.wallMs, 2),
  timeVsSalesforcePushSteps: ratio(baseline.wallMs, first.salesforcePushStepsMs, 2),
};
const goals = {
  recordsPerCollectionsCall: { ...goal(atScale.recordsPerCollectionsCall, { atLeast: 190 }), source: "collectionsAtScale (the first sync's own Collections calls are in firstSync)" },
  resyncWriteCalls: goal(resyncWriteCalls, { atMost: 0 }),
  fewerCallsThanBaseline: goal(ratios.calls, { atLeast: 100 }, "×"),
  // Issue 10's flow (pull, match, push both ways); the usage backfill the run also does is in firstSync.usageStepsMs.
  firstSyncSeconds: { ...goal(round(first.withoutUsageMs / 1000, 1), { atMost: 60 }, " s"), source: "firstSync.withoutUsageMs" },
};

const warnings: string[] = [];
for (const s of [...sync.first.summaries, ...sync.resync.summaries]) if (s.status !== "SUCCEEDED") warnings.push(`${s.system} sync ${s.status}${s.error ? `: ${s.error}` : ""}`);
if (Object.keys(baseline.failures).length) warnings.push(`baseline calls refused: ${JSON.stringify(baseline.failures)}`);
for (const s of collectionsOnly.summaries) if (s.status !== "SUCCEEDED") warnings.push(`Collections-only ${s.system} sync ${s.status}${s.error ? `: ${s.error}` : ""}`);
if (atScale.bulkJobs.jobs > 0) warnings.push("the Collections-only sync still made Bulk jobs: SALESFORCE_BULK_PUSH_THRESHOLD was not honoured");
if (baselineApiUsed !== baselineCalls) warnings.push(`the emulator charged the baseline ${baselineApiUsed} API calls; it made ${baselineCalls}`);

const output = {
  scenario: "sync",
  node: process.version,
  machine: { cpus: cpus().length, loadAverageAtStart: loadAtStart, loadAverageAtEnd: loadavg().map((l) => round(l, 2)) },
  accounts,
  usersScale,
  records: {
    salesforce: { accounts: counts["salesforce.Account"], contacts: counts["salesforce.Contact"] },
    pendo: { accounts: counts["pendo.accounts"], visitors: counts["pendo.visitors"] },
    px: { accounts: counts["px.accounts"], users: counts["px.users"] },
  },
  firstSync: first,
  resync: { ...again, writeCalls: resyncWriteCalls },
  baseline: {
    method:
      "for every record the first sync wrote to Salesforce (each tool's push separately), GET /services/data/v62.0/sobjects/{Object}/{Id}?fields=<the fields written> then PATCH /services/data/v62.0/sobjects/{Object}/{Id} with the fields and values the sync sent it, " +
      `${concurrency} records in flight, on the org reset to the generated data with its daily API allowance lifted; it reads nothing from Pendo or PX and matches nothing (the product's figures include both)`,
    concurrency,
    records: baseline.records,
    calls: baselineCalls,
    reads: baseline.reads,
    writes: baseline.writes,
    salesforceApiCallsAtEmulator: baselineApiUsed,
    // The org's daily API allowance (lifted for this run); a per-record tool stops where it ends.
    orgDailyAllowance: dailyAllowance,
    exceedsDailyAllowance: baselineCalls > dailyAllowance,
    wallMs: Math.round(baseline.wallMs),
  },
  collectionsAtScale: {
    method: "the first full sync again on fresh emulators and database with SALESFORCE_BULK_PUSH_THRESHOLD out of reach, so every Salesforce write goes through sObject Collections",
    wallMs: atScale.wallMs,
    salesforcePushStepsMs: atScale.salesforcePushStepsMs,
    recordsWritten: atScale.recordsWritten.salesforce ?? 0,
    collectionsCalls: atScale.collectionsCalls,
    bulkJobs: atScale.bulkJobs.jobs,
    recordsPerCollectionsCall: atScale.recordsPerCollectionsCall,
  },
  ratios,
  goals,
  ...(warnings.length ? { warnings } : {}),
};
console.log(JSON.stringify(output, null, 1));

const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const tick = (g: { met: boolean }) => (g.met ? "met" : "NOT met");
console.error(
  [
    `sync bench, ${accounts} accounts (load ${loadAtStart.join(" ")} at start; figures are noisy when other work runs)`,
    `  first sync: ${s(sync.first.wallMs)} (${s(first.withoutUsageMs)} without the ${s(first.usageStepsMs)} of usage backfill), ${first.peakWorkerRssMb} MB peak, ${first.salesforceApiCalls.total} Salesforce API calls, ${first.recordsWritten.salesforce ?? 0} records written (${first.bulkJobs.jobs} Bulk jobs, ${first.collectionsCalls} Collections calls)`,
    `  resync: ${s(sync.resync.wallMs)}, ${resyncWriteCalls} write calls, ${again.salesforceApiCalls.total} Salesforce API calls`,
    `  baseline: ${baselineCalls} calls in ${s(baseline.wallMs)} → ${ratios.calls}× the calls, ${ratios.time}× the time${baselineCalls > dailyAllowance ? ` (more than the org's daily allowance of ${dailyAllowance})` : ""}`,
    `  Collections only: ${atScale.recordsWritten.salesforce ?? 0} records in ${atScale.collectionsCalls} calls = ${atScale.recordsPerCollectionsCall} per call; sync ${s(atScale.wallMs)}`,
    `  goals: ${Object.entries(goals).map(([name, g]) => `${name} ${g.measured} (${g.target}) ${tick(g)}`).join("; ")}`,
    ...warnings.map((w) => `  warning: ${w}`),
  ].join("\n"),
);
