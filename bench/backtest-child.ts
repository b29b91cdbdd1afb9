import { db } from "@/lib/db";
import { connectDemo } from "@/lib/integrations/connect-demo";
import { runBacktest, type BacktestResult } from "@/lib/health/backtest";
import { backfillKpiHistory, lastIngestedDays } from "@/lib/kpis/kpi-history";
import { updateKpiSettings } from "@/lib/kpis/update-kpi-settings";
import { runSync } from "@/lib/sync/push/run-sync";
import { closeSyncPool } from "@/lib/sync/sql";

// The product's side of bench/backtest.ts, in its own process: connects the emulators and sets the
// KPI settings as `npm run demo` does, synchronizes Pendo then PX (pull, match, usage, KPIs, health,
// pushes), computes the KPI history of every ingested day (`cli kpis --backfill-days 400`), then
// backtests the active (default) model, twice: the second run finds the history and only replays.
// Progress on stderr, one JSON line on stdout.

export interface BacktestChildOutput {
  syncSeconds: Record<string, number>;
  history: { system: string; days: number; computed: number; present: number; seconds: number; coverage: { firstDay: string; lastDay: string } | null }[];
  backtestSeconds: number;
  replaySeconds: number;
  result: Omit<BacktestResult, "horizons"> & { horizons: Omit<BacktestResult["horizons"][number], "points" | "roc">[] };
}

const log = (m: string) => console.error(`bench: ${m}`);
const seconds = (since: number) => Math.round((performance.now() - since) / 100) / 10;

const connected = await connectDemo({ actor: null, ip: "bench" });
if (connected.some((c) => !c.ok)) throw new Error(JSON.stringify(connected));
for (const system of ["PENDO", "PX"] as const) {
  await updateKpiSettings(system, { licensedSeatsField: "Licensed_Seats__c", contractedFeaturesField: "Contracted_Features__c" }, { actor: null, ip: "bench" });
}

const syncSeconds: Record<string, number> = {};
for (const system of ["PENDO", "PX"] as const) {
  const tool = await db.integration.findFirstOrThrow({ where: { system } });
  log(`synchronizing ${system}…`);
  const t = performance.now();
  const sync = await runSync(tool.id, { trigger: "bench" });
  if (sync.status !== "SUCCEEDED") throw new Error(`${system} sync ${sync.status}: ${sync.error ?? ""}`);
  syncSeconds[system] = seconds(t);
  log(`  ${syncSeconds[system]} s`);
}

const history: BacktestChildOutput["history"] = [];
for (const system of ["PENDO", "PX"] as const) {
  const tool = await db.integration.findFirstOrThrow({ where: { system } });
  log(`KPI history of every ingested day, ${system}…`);
  const t = performance.now();
  const days = await lastIngestedDays(tool.id, 400);
  const r = await backfillKpiHistory(tool.id, days);
  history.push({ system, days: days.length, computed: r.computed.length, present: r.present.length, seconds: seconds(t), coverage: r.coverage });
  log(`  ${r.computed.length} day(s) in ${seconds(t)} s`);
}

log("backtest (default model)…");
let t = performance.now();
await runBacktest();
const backtestSeconds = seconds(t);
t = performance.now();
const result = await runBacktest();
const replaySeconds = seconds(t);
log(`  ${backtestSeconds} s, again ${replaySeconds} s`);

await closeSyncPool();
await db.$disconnect();
const output: BacktestChildOutput = {
  syncSeconds,
  history,
  backtestSeconds,
  replaySeconds,
  result: { ...result, horizons: result.horizons.map(({ points: _points, roc: _roc, ...h }) => h) },
};
console.log(JSON.stringify(output));
// connectDemo leaves the queue producer's Redis connection open.
process.exit(0);
