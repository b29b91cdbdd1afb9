import type { Command } from "commander";
import type { AccountKpisResult } from "@/lib/kpis/account-kpis";
import type { KpiValue } from "@/lib/kpis/catalogue";

// `cli kpis --integration pendo|px --account ID [--as-of YYYY-MM-DD]`: one account's KPI catalogue,
// keyed as on the KPI definitions page, computed by the same lib/kpis code as the daily snapshot.
// Imports are lazy, as in scripts/cli.ts.

type Print = (out: { json: boolean }, value: unknown, human: () => string) => void;

const SCOPE_TITLE = { analytics: (tool: string) => `${tool} account`, salesforce: (tool: string) => `Salesforce account (combining the ${tool} accounts linked to it)` };
const TOOL = { pendo: "Pendo", px: "Gainsight PX" } as const;

function shown(value: KpiValue, unit: string): string {
  if (value === null) return "—";
  return unit === "percent" ? `${value} %` : String(value);
}

function kpisText(r: AccountKpisResult): string {
  const tool = TOOL[r.integration];
  const width = Math.max(...r.catalogue.map((d) => d.key.length));
  const lines = [`${tool} KPIs as of ${r.asOf} (usage ingested from ${r.ingested.firstDay} to ${r.ingested.lastDay}; — means no value)`];
  for (const account of r.accounts) {
    lines.push("", `${SCOPE_TITLE[account.scope](tool)} ${account.accountId}`);
    for (const d of r.catalogue) lines.push(`  ${d.key.padEnd(width)}  ${shown(account.kpis[d.key] ?? null, d.unit).padStart(10)}  ${d.name}`);
  }
  return lines.join("\n");
}

export function registerKpiCommands(program: Command, out: () => { json: boolean }, print: Print): void {
  program
    .command("kpis")
    .description("one account's usage KPIs as of a day (the tool's last ingested day unless --as-of), keyed as on the KPI definitions page")
    .requiredOption("--integration <system>", "pendo or px")
    .requiredOption("--account <id>", "the tool's account id, or a Salesforce account id linked to the tool's accounts")
    .option("--as-of <day>", "the day the KPIs are as of, YYYY-MM-DD (default: the last day ingested)")
    .action(async (o: { integration: string; account: string; asOf?: string }) => {
      const { accountKpis } = await import("@/lib/kpis/account-kpis");
      const system = o.integration.trim().toUpperCase();
      const result = await accountKpis({ system: system as "PENDO" | "PX", account: o.account, asOf: o.asOf });
      print(out(), { integration: result.integration, asOf: result.asOf, ingested: result.ingested, accounts: result.accounts }, () => kpisText(result));
    });
}
