import type { Command } from "commander";
import type { AccountHealthReport } from "@/lib/health/account-health";

// `cli health --account ID [--rescore]`: one Salesforce account's health (score, colour, each
// measure's value and contribution) as the account page shows it; `cli health --score [--day D]`:
// score every account, as the daily schedule and each sync do. Imports are lazy, as in scripts/cli.ts.

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
}
