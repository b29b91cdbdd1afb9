import { fixtureCounts, generateDemoData } from "@/emulators/generator/generate";
import type { BacktestChildOutput } from "./backtest-child";
import { freshDatabase, log, numericFlags, productEnv, round, runChild, startEmulators } from "./harness";

// Does the default health model predict churn on demo data (issue 13)?
//   npm run -s bench -- backtest [--accounts 200] [--days 100] [--seed 42]
// Defaults are the demo's (`npm run demo`: emulators/index.ts generates seed 42, 200 accounts, 100
// days of usage). This process generates the data and serves it from the three emulators (ports
// the system picks); the product runs in bench/backtest-child.ts against a scratch database: sync
// of both tools, KPI history of every ingested day, backtest of the active model. Progress and a
// table on stderr, one JSON document on stdout.
//
// The usage backfill reads 180 days while the generator writes `--days` of activity: with the
// default 100, the first 80 ingested days hold no activity at all and KPIs of those days call every
// account idle (the backtest says so in its notes). --days 180 gives the whole ingested window.

const argv = process.argv.slice(2);
const USAGE = "usage: npm run bench -- backtest [--accounts 200] [--days 100] [--seed 42]";
const flag = numericFlags(argv, USAGE, ["accounts", "days", "seed"]);
const accounts = flag("accounts") ?? 200;
const days = flag("days") ?? 100;
const seed = flag("seed") ?? 42;
const database = "clearinghouse_bench_backtest";

log(`generating seed ${seed}, ${accounts} accounts, ${days} days…`);
let t = performance.now();
const fixture = generateDemoData({ seed, accounts, days });
const counts = fixtureCounts(fixture);
const generateSeconds = round((performance.now() - t) / 1000);
t = performance.now();
const emulators = await startEmulators(fixture);
const loadSeconds = round((performance.now() - t) / 1000);
const env = productEnv(database, emulators);
const stop = async (code: number): Promise<never> => {
  await emulators.close();
  process.exit(code);
};
if (!(await freshDatabase(database, env))) await stop(1);
const product = await runChild<BacktestChildOutput>("bench/backtest-child.ts", env, stop);
await emulators.close();

const r = product.result;
const f2 = (n: number | null) => (n === null ? "—" : n.toFixed(2));
const pct = (n: number | null) => (n === null ? "—" : `${Math.round(n * 100)}%`);
const lines = [
  `seed ${seed}, ${accounts} accounts, ${days} days: ${counts["salesforce.Account"] ?? 0} Salesforce accounts, ${counts["salesforce.Opportunity"] ?? 0} opportunities`,
  `sync: ${Object.entries(product.syncSeconds).map(([s, v]) => `${s} ${v} s`).join(", ")}; KPI history: ${product.history.map((h) => `${h.system} ${h.computed} days in ${h.seconds} s (${h.coverage?.firstDay} to ${h.coverage?.lastDay})`).join(", ")}`,
  `backtest of version ${r.modelVersion} (${r.modelName}): ${product.backtestSeconds} s, again ${product.replaySeconds} s; ${r.outcomes.length} outcomes (${r.outcomes.filter((o) => o.outcome === "churned").length} churned)`,
  ...r.history.notes.map((n) => `note: ${n}`),
  "horizon  scored/outcomes  churned renewed  AUC   95% interval  precision recall  unscored",
  ...r.horizons.map((h) => {
    const m = h.metrics;
    const why = Object.entries(h.unscoredBy).filter(([, n]) => n > 0).map(([k, n]) => `${k} ${n}`).join(", ");
    return `${String(h.days).padStart(4)} d   ${`${h.scored}/${h.outcomes}`.padStart(9)}        ${String(m.churned).padStart(4)} ${String(m.renewed).padStart(7)}  ${f2(m.auc)}  ${m.aucInterval ? `${f2(m.aucInterval.low)}–${f2(m.aucInterval.high)}` : "—"}     ${pct(m.precision).padStart(5)} ${pct(m.recall).padStart(6)}  ${why}`;
  }),
  ...r.horizons.map((h) => `${h.days} d: ${h.metrics.verdict.sentence}`),
];
for (const line of lines) log(line);
console.log(JSON.stringify({ seed, accounts, days, counts, generateSeconds, loadSeconds, ...product }, null, 1));
