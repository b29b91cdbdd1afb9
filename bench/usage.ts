import { spawn } from "node:child_process";
import { cpus, loadavg, totalmem } from "node:os";
import { fileURLToPath } from "node:url";
import { fixtureCounts, generateDemoData } from "@/emulators/generator/generate";
import { freshDatabase, log, numericFlags, productEnv, round, runChild, startEmulators } from "./harness";
import type { PhaseFigures, UsageChildOutput } from "./usage-child";
import { formatTable, usersScaleFor } from "./usage-figures";

// What usage ingestion and the KPI snapshot cost at scale (issue 12):
//   npm run -s bench -- usage [--accounts 10000] [--users N] [--days 90]
// --users: about how many users each tool (Pendo, PX) tracks, by default 10 per account up to
// 100,000 (the issue's shape: 10,000 accounts, 100,000 users); the generator's usersScale is set
// from it (usage-figures.ts) and the counts it gave are printed. --days: days of generated usage.
//
// This process generates demo data and serves it from the three emulators (bench/harness.ts:
// ports the system picks, never the fixed ones tests use). The product runs in a child,
// bench/usage-child.ts, against a scratch database: pulls and matching, each tool's usage
// backfill, its incremental re-read and its KPI step, then the KPI SQL against a plain scan of the
// same rows and the plans of the heaviest statements (the full plans go to
// bench/results/usage-plans-<accounts>.txt). Progress and a short table go to stderr, one JSON
// document to stdout.

const argv = process.argv.slice(2);
const USAGE = "usage: npm run bench -- usage [--accounts 10000] [--users N] [--days 90]";
const flag = numericFlags(argv, USAGE, ["accounts", "users", "days"]);
const accounts = flag("accounts") ?? 10_000;
const users = flag("users") ?? Math.min(10 * accounts, 100_000);
const days = flag("days") ?? 90;
const usersScale = usersScaleFor(accounts, users);
const database = "clearinghouse_bench_usage";
const root = fileURLToPath(new URL("..", import.meta.url));
const plansFile = `${root}bench/results/usage-plans-${accounts}.txt`;

// Above ~25,000 accounts the emulators' tables outgrow Node's default heap (about 4 GB), as
// emulators/index.ts says: run again with a larger one unless the caller chose one.
const heapChosen = [...process.execArgv, process.env.NODE_OPTIONS ?? ""].some((a) => a.includes("--max-old-space-size"));
if (accounts > 25_000 && !heapChosen) {
  const heapMb = Math.max(4096, Math.min(16384, Math.floor((totalmem() / 1048576) * 0.75)));
  log(`large data set: restarting with --max-old-space-size=${heapMb}`);
  const child = spawn(process.execPath, [...process.execArgv, `--max-old-space-size=${heapMb}`, ...process.argv.slice(1)], { stdio: "inherit" });
  for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => child.kill(signal));
  child.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
} else {
  await main();
}

async function main() {
  const loadAtStart = loadavg().map((l) => round(l, 2));
  log(`generating ${accounts} accounts, ${days} days (users scale ${usersScale} for about ${users} users per tool)…`);
  let t = performance.now();
  const fixture = generateDemoData({ seed: 42, accounts, days, profile: { usersScale } });
  const counts = fixtureCounts(fixture);
  const generateSeconds = (performance.now() - t) / 1000;
  log("starting the emulators…");
  t = performance.now();
  const emulators = await startEmulators(fixture);
  const loadSeconds = (performance.now() - t) / 1000;
  const env = productEnv(database, emulators, { BENCH_FIXTURE_NOW: fixture.now!, BENCH_PLANS_FILE: plansFile });
  const stop = async (code: number): Promise<never> => {
    await emulators.close();
    process.exit(code);
  };
  if (!(await freshDatabase(database, env))) await stop(1);
  const product = await runChild<UsageChildOutput>("bench/usage-child.ts", env, stop);
  await emulators.close();
  report(product, { loadAtStart, counts, generateSeconds, loadSeconds });
}

function report(p: UsageChildOutput, run: { loadAtStart: number[]; counts: Record<string, number>; generateSeconds: number; loadSeconds: number }) {
  const { counts } = run;
  const rowsOf = (table: string, tool: string) => p.tables.find((t) => t.table === table)?.rows[tool] ?? 0;
  const TOOLS = ["Pendo", "PX"];
  const ingested = Object.fromEntries(
    TOOLS.map((tool) => [
      tool,
      {
        users: p.usersIngested[tool] ?? 0,
        userDays: rowsOf("UsageUserDay", tool),
        accountDays: rowsOf("UsageAccountDay", tool),
        userFeatureDays: rowsOf("UsageUserFeatureDay", tool),
        accountFeatureDays: rowsOf("UsageAccountFeatureDay", tool),
        engagementDays: rowsOf("UsageEngagementDay", tool),
        npsResponses: rowsOf("UsageNpsResponse", tool),
        kpiSnapshots: p.kpiSnapshots[tool] ?? null,
      },
    ]),
  );
  const usagePhases = p.phases.filter((ph) => ph.stats);
  const STAT_TABLES: Record<string, string> = {
    userDays: "UsageUserDay",
    accountDays: "UsageAccountDay",
    userFeatureDays: "UsageUserFeatureDay",
    accountFeatureDays: "UsageAccountFeatureDay",
    engagementDays: "UsageEngagementDay",
    npsResponses: "UsageNpsResponse",
    kpis: "KpiSnapshot",
  };
  const written = (ph: PhaseFigures, key: string) => (key === "kpis" ? (ph.stats?.kpis ? (ph.stats.kpis.analytics ?? 0) + (ph.stats.kpis.salesforce ?? 0) : null) : (ph.stats?.[key]?.rows ?? null));
  const apiCalls = (ph: PhaseFigures) => (ph.apiCalls ? Object.values(ph.apiCalls).reduce((a, n) => a + n, 0) : null);
  const machine = { cpus: cpus().length, loadAverageAtStart: run.loadAtStart, loadAverageAtEnd: loadavg().map((l) => round(l, 2)), note: "shared 2-core machine: other work ran at the same time" };

  const output = {
    scenario: "usage",
    node: process.version,
    machine,
    accounts,
    usersPerToolTarget: users,
    usersScale,
    days,
    fixture: {
      salesforceAccounts: counts["salesforce.Account"],
      pendoAccounts: counts["pendo.accounts"],
      pendoVisitors: counts["pendo.visitors"],
      pendoVisitorDayRows: counts["pendo.events"],
      pendoFeatureEventRows: counts["pendo.featureEvents"],
      pendoPollEvents: counts["pendo.pollEvents"],
      pxAccounts: counts["px.accounts"],
      pxUsers: counts["px.users"],
      pxSessions: counts["px.events.session"],
      pxFeatureMatches: counts["px.events.feature_match"],
      pxCustomEvents: counts["px.events.custom"],
      pxSurveyResponses: counts["px.events.survey_response"],
    },
    generateSeconds: round(run.generateSeconds),
    emulatorLoadSeconds: round(run.loadSeconds),
    pulls: p.pulls,
    matchLinks: p.links,
    phases: p.phases,
    ingested,
    rowsWritten: Object.fromEntries(usagePhases.map((ph) => [ph.name, Object.fromEntries(Object.entries(STAT_TABLES).map(([k, table]) => [table, written(ph, k)]).filter(([, n]) => n !== null))])),
    tables: p.tables,
    kpiSql: {
      method:
        "the KPI statements the KPI step sent (one per batch of 2,000 accounts; up to 8 batches per statement, evenly spread, their time scaled to all batches) replayed as sent, against one plain scan of the same table's rows of that tool, day span and tracked features (count(*) and sum of one column, no member join, windows or grouping); the scan runs before and after the replay and the faster counts, so the replay reads warm rows as the scan does; timesScan = replay ÷ scan. asFound: with the planner statistics the KPI step had; analyzed: after ANALYZE of the rollup tables",
      workMem: p.workMem,
      autovacuum: p.autovacuum,
      statisticsAtKpiStep: p.statisticsAtKpiStep,
      analyzeMs: p.analyzeMs,
      ...p.kpiSql,
    },
    plansFile: p.plansFile,
    plans: p.plans,
  };
  console.log(JSON.stringify(output, null, 1));

  const s = (ms: number) => round(ms / 1000, 1);
  const heaviest = (label: RegExp) => p.plans.filter((pl) => label.test(pl.label)).sort((a, b) => (b.ms ?? 0) - (a.ms ?? 0))[0];
  const never = p.statisticsAtKpiStep.filter((t) => t.analyzedAt === null).map((t) => t.table);
  const behind = p.statisticsAtKpiStep.filter((t) => t.analyzedAt !== null && t.modifiedSinceAnalyze > 0.1 * t.liveRows).map((t) => t.table);
  const stale = [never.length ? `never analyzed: ${never.join(", ")}` : "", behind.length ? `over 10% of rows changed since the last ANALYZE: ${behind.join(", ")}` : ""].filter(Boolean).join("; ");
  const lines: string[] = [
    `usage bench, ${accounts.toLocaleString("en-US")} accounts, ${days} days, users scale ${usersScale} (about ${users.toLocaleString("en-US")} users per tool); load ${run.loadAtStart.join(" ")} at start, ${machine.loadAverageAtEnd.join(" ")} at end (shared 2-core machine: figures are noisy)`,
    `  generated in ${round(run.generateSeconds)} s, emulators loaded in ${round(run.loadSeconds)} s`,
    formatTable([
      ["", "accounts", "users", "users ingested", "user-days", "user-feature-days", "account-feature-days", "NPS responses", "KPI accounts (tool / Salesforce)"],
      ["Salesforce", counts["salesforce.Account"] ?? 0, "", "", "", "", "", "", ""],
      ...TOOLS.map((tool) => {
        const i = ingested[tool]!;
        const toolUsers = tool === "PX" ? counts["px.users"] : counts["pendo.visitors"];
        const toolAccounts = tool === "PX" ? counts["px.accounts"] : counts["pendo.accounts"];
        return [tool, toolAccounts ?? 0, toolUsers ?? 0, i.users, i.userDays, i.userFeatureDays, i.accountFeatureDays, i.npsResponses, i.kpiSnapshots ? `${i.kpiSnapshots.analytics} / ${i.kpiSnapshots.salesforce}` : "—"];
      }),
    ]),
    "",
    formatTable([
      ["phase", "seconds", "peak RSS MB", "API calls", "days read", ...Object.values(STAT_TABLES).map((t) => t.replace(/^Usage/, ""))],
      ...p.phases.map((ph) => [
        ph.name,
        s(ph.ms),
        ph.peakRssMb,
        apiCalls(ph),
        ph.window ? `${ph.window.from}…${ph.window.to}` : ph.asOf ? `as of ${ph.asOf}` : "",
        ...Object.keys(STAT_TABLES).map((k) => written(ph, k)),
      ]),
    ]),
    "",
    `  KPI SQL as a multiple of a plain scan of the same rollup rows (replayed after a warming scan), with the planner statistics the KPI step had${stale ? ` (${stale})` : ""}, and after ANALYZE (${s(p.analyzeMs)} s for the five tables):`,
    formatTable([
      ["tool", "statement", "table", "batches", "rows in span", "scan ms", "in step ms", "replay ms", "× scan", "analyzed ms", "× scan"],
      ...TOOLS.flatMap((tool) => {
        const k = p.kpiSql[tool];
        if (!k) return [];
        const after = (name: string) => k.analyzed.statements.find((st) => st.statement === name);
        return [
          ...k.asFound.statements.map((st) => [tool, st.statement, st.table, st.batches, st.rowsInSpan, st.scanMs, st.stepMs, st.replayMs, st.timesScan, after(st.statement)?.replayMs ?? null, after(st.statement)?.timesScan ?? null]),
          [tool, `total (as of ${k.asOf})`, "", "", k.asFound.total.rowsInSpan, k.asFound.total.scanMs, k.asFound.total.stepMs, k.asFound.total.replayMs, k.asFound.total.timesScan, k.analyzed.total.replayMs, k.analyzed.total.timesScan],
        ];
      }),
    ]),
    "",
    `  plans (EXPLAIN ANALYZE, BUFFERS; work_mem ${p.workMem}, autovacuum ${p.autovacuum}), all of them in ${p.plansFile}; the heaviest:`,
    ...[heaviest(/KPI .*statistics as the KPI step/), heaviest(/KPI .*after ANALYZE\)/), heaviest(/work_mem/), heaviest(/backfill/)]
      .filter((pl) => pl !== undefined)
      .flatMap((pl) => [`  ${pl.label}:`, ...pl.keyLines.map((l) => `    ${l}`)]),
  ];
  console.error(lines.join("\n"));
}
