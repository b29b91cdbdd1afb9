import { mkdirSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import pg from "pg";
import type { Integration } from "@/lib/generated/prisma/client";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { connectDemo } from "@/lib/integrations/connect-demo";
import { runKpiStep } from "@/lib/kpis/run-kpi-step";
import { runPull } from "@/lib/sync/pull/run-pull";
import { closeRun, closeStep, openRun, openStep, type StepCheckpoint, type StepStats } from "@/lib/sync/runs";
import { closeSyncPool, syncPool } from "@/lib/sync/sql";
import type { DayRange } from "@/lib/usage/days";
import type { UsageOptions } from "@/lib/usage/options";
import { runUsageStep } from "@/lib/usage/run-usage-step";
import { KPI_STATEMENTS, planExecutionMs, planKeyLines, plainScanParams, plainScanSql } from "./usage-figures";
import { compareWithScans, explainRead, explainWrite, kpiSqlTotal, type KpiStatementFigures } from "./usage-kpi-sql";
import { SqlRecorder } from "./usage-sql-recorder";

// The product's side of bench/usage.ts, in its own process so its time and memory are its own:
//   1. connects the three emulators as the demo does, pulls Salesforce, Pendo and PX and matches
//      (the Salesforce-scope KPIs need the links);
//   2. per tool, the usage step as a Synchronize runs it (lib/usage/run-usage-step.ts): the first
//      run backfills, the second re-reads the last days (incremental); then the KPI step;
//   3. the KPI SQL against a plain scan of the same rows, and the plans of the heaviest statements
//      (bench/usage-kpi-sql.ts), written to BENCH_PLANS_FILE.
// Every statement of the bulk-write pool is timed by phase (bench/usage-sql-recorder.ts).
// Progress on stderr, one JSON line on stdout.

export interface PhaseFigures {
  name: string;
  system: "PENDO" | "PX" | null;
  ms: number;
  /** The highest RSS sampled during the phase (every 20 ms, and at its end). */
  peakRssMb: number;
  /** This process's high-water RSS at the phase's end (cumulative over the run). */
  highWaterRssMb: number;
  stats?: StepStats;
  apiCalls?: Record<string, number>;
  window?: DayRange | null;
  asOf?: string | null;
  /** Where the phase's database time went: its statements by kind, slowest total first. */
  statements: { kind: string; count: number; ms: number }[];
}

export interface KpiSqlRound {
  statements: KpiStatementFigures[];
  total: ReturnType<typeof kpiSqlTotal>;
}

export interface ToolKpiSql {
  asOf: string;
  /** With the planner statistics the KPI step had (none, unless autovacuum analyzed the rollups). */
  asFound: KpiSqlRound;
  /** After ANALYZE of the rollup tables. */
  analyzed: KpiSqlRound;
}

export interface TableStatistics {
  table: string;
  liveRows: number;
  modifiedSinceAnalyze: number;
  /** Last ANALYZE, by hand or by autovacuum; null: never. */
  analyzedAt: string | null;
}

export interface PlanFigures {
  label: string;
  /** The plan's Execution Time. */
  ms: number | null;
  keyLines: string[];
}

export interface UsageChildOutput {
  phases: PhaseFigures[];
  pulls: { system: string; seconds: number; matchSeconds: number; status: string; read: Record<string, number> }[];
  links: Record<string, number>;
  /** Rows per rollup table and tool after both runs, and each table's size on disk (all tools). */
  tables: { table: string; rows: Record<string, number>; mb: number }[];
  /** Distinct users in each tool's user-day rollup. */
  usersIngested: Record<string, number>;
  kpiSnapshots: Record<string, { analytics: number; salesforce: number }>;
  /** The rollups' planner statistics just before the KPI steps. */
  statisticsAtKpiStep: TableStatistics[];
  /** ANALYZE of the five rollup tables the KPI statements read. */
  analyzeMs: number;
  kpiSql: Record<string, ToolKpiSql>;
  plans: PlanFigures[];
  plansFile: string;
  workMem: string;
  autovacuum: string;
}

const TABLES = ["UsageUserDay", "UsageAccountDay", "UsageUserFeatureDay", "UsageAccountFeatureDay", "UsageEngagementDay", "UsageNpsResponse", "KpiSnapshot"];
/** The tables the KPI statements read. */
const ROLLUPS = Object.values(KPI_STATEMENTS).map((s) => s.table);
const LARGER_WORK_MEM = "64MB";
const mb = (bytes: number) => Math.round(bytes / 1048576);
const log = (m: string) => console.error(`bench: ${m}`);

const recorder = new SqlRecorder();
recorder.attach(syncPool());

async function phase<T>(name: string, system: PhaseFigures["system"], work: () => Promise<T>): Promise<{ result: T; figures: PhaseFigures }> {
  log(`${name}…`);
  recorder.phase = name;
  let peak = process.memoryUsage.rss();
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), 20);
  const started = performance.now();
  try {
    const result = await work();
    const ms = performance.now() - started;
    peak = Math.max(peak, process.memoryUsage.rss());
    const figures: PhaseFigures = {
      name,
      system,
      ms: Math.round(ms),
      peakRssMb: mb(peak),
      highWaterRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
      statements: recorder.phaseTallies(name).slice(0, 8).map((t) => ({ kind: t.kind, count: t.count, ms: Math.round(t.ms) })),
    };
    log(`  ${(ms / 1000).toFixed(1)} s, ${figures.peakRssMb} MB peak`);
    return { result, figures };
  } finally {
    clearInterval(sampler);
    recorder.phase = null;
  }
}

/** One run with one step, as a Synchronize runs the step (lib/sync/synchronize/run-synchronize.ts). */
async function inRun<T>(tool: Integration, stepName: string, work: (step: { runId: string; stepId: string; stats: StepStats; checkpoint: StepCheckpoint; apiCalls: Record<string, number> }) => Promise<T>) {
  const { run } = await openRun({ integrationId: tool.id, system: tool.system, kind: "SYNC", trigger: "bench" });
  const opened = await openStep(run.id, 0, stepName, tool.id);
  const step = { runId: run.id, stepId: opened.id, stats: {} as StepStats, checkpoint: {} as StepCheckpoint, apiCalls: {} as Record<string, number> };
  const result = await work(step);
  const skipped = typeof result === "object" && result !== null && "skipped" in result && typeof result.skipped === "string" ? result.skipped : null;
  await closeStep(step.stepId, { status: skipped ? "SKIPPED" : "SUCCEEDED", stats: step.stats, apiCalls: step.apiCalls, error: skipped });
  await closeRun(run.id, "SUCCEEDED");
  return { result, step };
}

const connected = await connectDemo({ actor: null, ip: "bench" });
if (connected.some((c) => !c.ok)) throw new Error(JSON.stringify(connected));
const integrations = await db.integration.findMany();
const bySystem = (system: string) => integrations.find((i) => i.system === system)!;
const tools = [bySystem("PENDO"), bySystem("PX")];
const label = (t: Integration) => (t.system === "PX" ? "PX" : "Pendo");

const phases: PhaseFigures[] = [];

// Salesforce first: its pull's matching finds no tool records yet, each tool's pull then matches its own.
const pulled = await phase("pull + match", null, async () => {
  const out: UsageChildOutput["pulls"] = [];
  for (const system of ["SALESFORCE", "PENDO", "PX"]) {
    const s = await runPull(bySystem(system).id, { trigger: "bench" });
    if (s.status !== "SUCCEEDED") throw new Error(`${system} pull ${s.status}: ${s.error ?? ""}`);
    out.push({ system, seconds: s.seconds, matchSeconds: s.matchSeconds, status: s.status, read: Object.fromEntries(Object.entries(s.stats).map(([o, v]) => [o, (v as { read?: number }).read ?? 0])) });
  }
  return out;
});
phases.push(pulled.figures);

// PX's days are UTC up to the hub's yesterday; the hub's clock is set half a day after the
// generation instant, as the usage tests do, so PX's yesterday is the fixture's last day whatever
// the date the bench runs on (Pendo answers by the emulator's clock, which starts at that instant).
const options: UsageOptions = { now: new Date(Date.parse(process.env.BENCH_FIXTURE_NOW!) + 12 * 3_600_000) };
for (const [run, name] of [["backfill", "usage backfill"], ["re-read", "usage re-read"]] as const) {
  for (const tool of tools) {
    const { result, figures } = await phase(`${name} ${label(tool)}`, tool.system as "PENDO" | "PX", () => inRun(tool, "usage", (step) => runUsageStep(tool, step, options)));
    phases.push({ ...figures, stats: result.step.stats, apiCalls: result.step.apiCalls, window: result.result.window });
    if (run === "backfill" && !result.result.window) throw new Error(`${label(tool)}: the backfill found no days to read`);
  }
}
// This server's planner statistics of the rollups as the KPI step meets them: the step runs right
// after the usage step wrote them, and nothing in the product runs ANALYZE.
const client = new pg.Client({ connectionString: env.DATABASE_URL, application_name: "clearinghouse-bench" });
await client.connect();
async function statistics(): Promise<TableStatistics[]> {
  const { rows } = await client.query<TableStatistics>(
    `SELECT relname AS "table", n_live_tup::int AS "liveRows", n_mod_since_analyze::int AS "modifiedSinceAnalyze",
            to_char(greatest(last_analyze, last_autoanalyze) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS "analyzedAt"
       FROM pg_stat_user_tables WHERE relname = ANY($1::text[]) ORDER BY relname`,
    [ROLLUPS],
  );
  return rows;
}
const statisticsAtKpiStep = await statistics();
for (const tool of tools) {
  const { result, figures } = await phase(`kpis ${label(tool)}`, tool.system as "PENDO" | "PX", () => inRun(tool, "kpis", (step) => runKpiStep(tool, step)));
  if (result.result.skipped) throw new Error(`${label(tool)} KPIs skipped: ${result.result.skipped}`);
  phases.push({ ...figures, stats: result.step.stats, asOf: result.result.asOf });
}

// ---------------------------------------------------------------- what the runs left
const nameOf = new Map(integrations.map((i) => [i.id, i.system === "PX" ? "PX" : i.system === "PENDO" ? "Pendo" : "Salesforce"]));
const tables: UsageChildOutput["tables"] = [];
for (const table of TABLES) {
  const counts = await client.query<{ id: string; n: number }>(`SELECT "integrationId" AS id, count(*)::int AS n FROM "${table}" GROUP BY 1`);
  const size = await client.query<{ bytes: string }>(`SELECT pg_total_relation_size($1::regclass)::text AS bytes`, [`"${table}"`]);
  tables.push({ table, rows: Object.fromEntries(counts.rows.map((r) => [nameOf.get(r.id) ?? r.id, r.n])), mb: mb(Number(size.rows[0]!.bytes)) });
}
const usersIngested: Record<string, number> = {};
for (const tool of tools) {
  const { rows } = await client.query<{ n: number }>(`SELECT count(DISTINCT "userExternalId")::int AS n FROM "UsageUserDay" WHERE "integrationId" = $1`, [tool.id]);
  usersIngested[label(tool)] = rows[0]!.n;
}
const links: Record<string, number> = {};
for (const g of await db.matchLink.groupBy({ by: ["integrationId", "entity"], _count: { _all: true } })) links[`${nameOf.get(g.integrationId)} ${g.entity.toLowerCase()}`] = g._count._all;
const kpiSnapshots: UsageChildOutput["kpiSnapshots"] = {};
for (const p of phases.filter((p) => p.name.startsWith("kpis "))) kpiSnapshots[p.name.slice(5)] = { analytics: p.stats?.kpis?.analytics ?? 0, salesforce: p.stats?.kpis?.salesforce ?? 0 };

// ---------------------------------------------------------------- plans, and the KPI SQL vs. a plain scan
const plans: PlanFigures[] = [];
const workMem = String((await client.query<{ work_mem: string }>("SHOW work_mem")).rows[0]!.work_mem);
const autovacuum = String((await client.query<{ autovacuum: string }>("SHOW autovacuum")).rows[0]!.autovacuum);
const planText: string[] = [`EXPLAIN (ANALYZE, BUFFERS) on the bench database; work_mem ${workMem}, autovacuum ${autovacuum}`, ""];
function addPlan(title: string, plan: string[]) {
  planText.push(`==== ${title}`, ...plan, "");
  plans.push({ label: title, ms: planExecutionMs(plan), keyLines: planKeyLines(plan) });
}

// The heaviest ingestion write of each backfill, replayed in a transaction rolled back.
for (const tool of tools) {
  const write = recorder.phaseTallies(`usage backfill ${label(tool)}`).find((t) => /^(INSERT|DELETE) /.test(t.kind));
  if (!write) continue;
  log(`${label(tool)}: plan of ${write.kind}…`);
  addPlan(`${label(tool)} backfill ${write.kind}, slowest of ${write.count}`, await explainWrite(client, write.slowest));
}

/** Each tool's KPI statements against plain scans, and every statement's plan (slowest batch), heaviest first. */
async function kpiSqlOf(state: string): Promise<Record<string, KpiSqlRound>> {
  const out: Record<string, KpiSqlRound> = {};
  for (const tool of tools) {
    log(`${label(tool)}: KPI statements replayed against plain scans (${state})…`);
    const { statements, slowestBatch } = await compareWithScans(client, recorder.kpiStatements.filter((s) => s.phase === `kpis ${label(tool)}`));
    out[label(tool)] = { statements, total: kpiSqlTotal(statements) };
    const heaviest = [...statements].sort((a, b) => b.replayMs - a.replayMs);
    for (const s of heaviest) {
      const batch = slowestBatch.get(s.statement)!;
      addPlan(`${label(tool)} KPI ${s.statement} (${state}), slowest of ${s.batches} batch(es)`, await explainRead(client, batch));
    }
    const top = heaviest[0];
    if (!top) continue;
    const batch = slowestBatch.get(top.statement)!;
    addPlan(`${label(tool)} plain scan of ${KPI_STATEMENTS[top.statement].table} (${state})`, await explainRead(client, { text: plainScanSql(top.statement), params: plainScanParams(top.statement, batch.params) }));
    if (state !== "after ANALYZE") continue;
    // The same statement with room to sort in memory: what the spills to disk cost.
    await client.query("BEGIN");
    await client.query(`SET LOCAL work_mem = '${LARGER_WORK_MEM}'`);
    addPlan(`${label(tool)} KPI ${top.statement} (${state}, work_mem ${LARGER_WORK_MEM}), slowest of ${top.batches} batch(es)`, await explainRead(client, batch));
    await client.query("ROLLBACK");
  }
  return out;
}
const asFound = await kpiSqlOf("statistics as the KPI step found them");
log("ANALYZE of the rollups…");
const analyzeStarted = performance.now();
for (const table of ROLLUPS) await client.query(`ANALYZE "${table}"`);
const analyzeMs = Math.round(performance.now() - analyzeStarted);
const analyzed = await kpiSqlOf("after ANALYZE");
const kpiSql: Record<string, ToolKpiSql> = Object.fromEntries(
  tools.map((t) => [label(t), { asOf: phases.find((p) => p.name === `kpis ${label(t)}`)!.asOf!, asFound: asFound[label(t)]!, analyzed: analyzed[label(t)]! }]),
);
const plansFile = process.env.BENCH_PLANS_FILE!;
mkdirSync(dirname(plansFile), { recursive: true });
writeFileSync(plansFile, planText.join("\n"));

await client.end();
await closeSyncPool();
await db.$disconnect();
const output: UsageChildOutput = { phases, pulls: pulled.result, links, tables, usersIngested, kpiSnapshots, statisticsAtKpiStep, analyzeMs, kpiSql, plans, plansFile, workMem, autovacuum };
process.stdout.write(`${JSON.stringify(output)}\n`);
process.exit(0);
