import { CommanderError, type Command } from "commander";
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

  // "none" clears a field or the core features; an option left out keeps what is saved.
  const orNone = (v: string | undefined) => (v === undefined ? undefined : v.trim().toLowerCase() === "none" ? null : v.trim());
  program
    .command("kpi-settings")
    .description("set one tool's KPI settings (as the KPI settings page does): core features, and the Salesforce account fields of licensed seats and contracted features")
    .requiredOption("--integration <system>", "pendo or px")
    .option("--seats-field <name>", "API name of the Salesforce account number field holding licensed seats, or none")
    .option("--contracted-field <name>", "API name of the Salesforce account field listing contracted features by name, or none")
    .option("--core <ids>", "comma-separated ids of the features marked core, or none")
    .action(async (o: { integration: string; seatsField?: string; contractedField?: string; core?: string }) => {
      const { updateKpiSettings } = await import("@/lib/kpis/update-kpi-settings");
      const system = o.integration.trim().toUpperCase();
      if (system !== "PENDO" && system !== "PX") throw new CommanderError(2, "clearinghouse.badIntegration", `--integration must be pendo or px, not "${o.integration}"`);
      const core = orNone(o.core);
      const changes = {
        ...(o.seatsField === undefined ? {} : { licensedSeatsField: orNone(o.seatsField) }),
        ...(o.contractedField === undefined ? {} : { contractedFeaturesField: orNone(o.contractedField) }),
        ...(core === undefined ? {} : { coreFeatureIds: core === null ? [] : core.split(",").map((id) => id.trim()).filter(Boolean) }),
      };
      const saved = await updateKpiSettings(system, changes, { actor: null, ip: "cli" });
      const s = saved.settings;
      print(out(), saved, () =>
        [
          `${TOOL[system === "PENDO" ? "pendo" : "px"]} KPI settings`,
          `  licensed seats field       ${s.licensedSeatsField ?? "—"}`,
          `  contracted features field  ${s.contractedFeaturesField ?? "—"}`,
          `  core features              ${s.coreFeatureIds.length ? s.coreFeatureIds.join(", ") : "—"}`,
          saved.message,
        ].join("\n"),
      );
    });
}
