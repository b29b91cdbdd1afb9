import type { Command } from "commander";
import type { AccountHealthReport } from "@/lib/health/account-health";
import type { BacktestComparison, BacktestResult, HorizonResult } from "@/lib/health/backtest";

// `cli health --account ID [--rescore]`: one Salesforce account's health (score, colour, each
// measure's value and contribution) as the account page shows it; `cli health --score [--day D]`:
// score every account, as the daily schedule and each sync do. `cli backtest [--version N]
// [--compare M]`: replay a model version over the churn history (lib/health/backtest.ts), inline,
// computing the KPI history it needs. Imports are lazy, as in scripts/cli.ts.

type Print = (out: { json: boolean }, value: unknown, human: () => string) => void;

const shown = (n: number | null, digits = 1) => (n === null ? "—" : n.toFixed(digits));

function healthText(r: AccountHealthReport): string {
  const title = `${r.name ?? "(no name)"} (${r.accountId})`;
  if (!r.health) return `${title}\nNo health score yet: run a sync (cli sync --inline) or cli health --account ${r.accountId} --rescore.`;
  const h = r.health;
  const lines = [
    title,
    `Health ${shown(h.score)} ${h.colour ?? "(no colour)"}${r.critical ? " (critical)" : ""} on ${h.day}, model version ${h.modelVersion}${r.segment ? `, ${r.segment} bands` : ""}`,
    ...(h.note ? [h.note] : []),
    ...(r.reason ? [r.reason] : []),
    `Usage measures from ${r.usageSource ?? "no tool (no KPI snapshot)"}${r.kpiDay ? ` as of ${r.kpiDay}` : ""}`,
    "",
    `  ${"measure".padEnd(26)} ${"value".padStart(10)} ${"score".padStart(6)} ${"weight".padStart(7)} ${"points".padStart(7)}`,
  ];
  for (const m of r.measures) {
    const weight = m.missing ? "missing" : `${m.effectiveWeight.toFixed(1)}%`;
    lines.push(`  ${m.label.padEnd(26)} ${shown(m.value, 2).padStart(10)} ${shown(m.normalised, 0).padStart(6)} ${weight.padStart(7)} ${shown(m.missing ? null : m.contribution).padStart(7)}`);
  }
  return lines.join("\n");
}

const pct = (n: number | null) => (n === null ? "—" : `${Math.round(n * 100)}%`);

function horizonLines(h: HorizonResult): string[] {
  const m = h.metrics;
  const ci = m.aucInterval ? ` (95% ${m.aucInterval.low.toFixed(2)}–${m.aucInterval.high.toFixed(2)})` : "";
  const why = Object.entries(h.unscoredBy)
    .filter(([, n]) => n > 0)
    .map(([reason, n]) => `${n} ${reason}`)
    .join(", ");
  const c = m.confusion;
  return [
    `${h.days} days before: AUC ${m.auc === null ? "—" : m.auc.toFixed(3)}${ci}; ${h.scored} of ${h.outcomes} outcomes scored (${m.churned} churned, ${m.renewed} renewed)${why ? `; unscored: ${why}` : ""}`,
    `  red as the churn signal: precision ${pct(m.precision)}, recall ${pct(m.recall)}; red & churned ${c.redChurned}, red & renewed ${c.redRenewed}, not red & churned ${c.notRedChurned}, not red & renewed ${c.notRedRenewed}`,
    `  ${m.verdict.sentence}`,
  ];
}

function backtestText(r: BacktestResult): string {
  const churned = r.outcomes.filter((o) => o.outcome === "churned").length;
  const lines = [
    `Backtest of model version ${r.modelVersion} (${r.modelName}): ${r.outcomes.length} outcomes before ${r.today} (${churned} churned, ${r.outcomes.length - churned} renewed)`,
    `KPI history: ${r.history.tools.map((t) => `${t.system} ${t.computed} day(s) computed, ${t.present} present, ${t.leftOver} left for the next run`).join("; ") || "no tool connected"}`,
    ...r.history.notes,
    "",
  ];
  for (const h of r.horizons) lines.push(...horizonLines(h));
  return lines.join("\n");
}

function comparisonText(c: BacktestComparison): string {
  return [backtestText(c.a), "", backtestText(c.b), "", ...c.horizons.map((h) => h.sentence)].join("\n");
}

export function registerHealthCommands(program: Command, out: () => { json: boolean }, print: Print): void {
  program
    .command("health")
    .description("one Salesforce account's health score, colour, measures and contributions (--account), or score every account (--score)")
    .option("--account <id>", "the Salesforce account id")
    .option("--rescore", "with --account: score the account now with the active model before printing")
    .option("--score", "score every Salesforce account now, as each sync does")
    .option("--day <day>", "with --score: the day to score, YYYY-MM-DD (default: the newest KPI day)")
    .action(async (o: { account?: string; rescore?: boolean; score?: boolean; day?: string }) => {
      const { AppError } = await import("@/lib/errors");
      if (Boolean(o.account) === Boolean(o.score)) throw new AppError("INVALID_INPUT", "Give either --account ID (one account's health) or --score (score every account).");
      if (o.score) {
        const { isDay } = await import("@/lib/usage/days");
        if (o.day !== undefined && !isDay(o.day)) throw new AppError("INVALID_INPUT", `--day takes a day as YYYY-MM-DD; "${o.day}" is not one.`);
        const { scoreHealth } = await import("@/lib/health/score-health");
        const counts = await scoreHealth(o.day ? { day: o.day } : {});
        print(out(), counts, () => `Scored ${counts.scored} account(s) on ${counts.day} with model version ${counts.modelVersion}: ${counts.red} red, ${counts.yellow} yellow, ${counts.green} green; ${counts.unscored} without any measure.`);
        return;
      }
      const { accountHealth } = await import("@/lib/health/account-health");
      const report = await accountHealth(o.account!, { rescore: o.rescore });
      print(out(), report, () => healthText(report));
    });

  program
    .command("backtest")
    .description("replay a health model version over the accounts that churned or renewed, 30, 60 and 90 days before each outcome: AUC, red's precision and recall, a verdict (computes the KPI history it needs, at most 120 days a run)")
    .option("--version <n>", "the model version to replay (default: the active one)")
    .option("--compare <n>", "a second version, replayed over the same outcomes, and which separates better")
    .action(async (o: { version?: string; compare?: string }) => {
      const { AppError } = await import("@/lib/errors");
      const versionOf = (flag: string, value: string | undefined) => {
        if (value === undefined) return undefined;
        if (!/^\d{1,7}$/.test(value.trim()) || Number(value) < 1) throw new AppError("INVALID_INPUT", `${flag} takes a model version number, not "${value}".`);
        return Number(value);
      };
      const version = versionOf("--version", o.version);
      const compare = versionOf("--compare", o.compare);
      if (compare !== undefined) {
        const { activeHealthModel } = await import("@/lib/health/model-versions");
        const { compareBacktests } = await import("@/lib/health/backtest");
        const a = version ?? (await activeHealthModel()).version;
        if (a === compare) throw new AppError("INVALID_INPUT", "Compare two different versions: --compare names the same version as --version (or the active one).");
        const comparison = await compareBacktests(a, compare);
        print(out(), comparison, () => comparisonText(comparison));
        return;
      }
      const { runBacktest } = await import("@/lib/health/backtest");
      const result = await runBacktest(version);
      print(out(), result, () => backtestText(result));
    });
}
