import { CommanderError, type Command } from "commander";
import type { AccountKpisResult } from "@/lib/kpis/account-kpis";
import type { KpiValue } from "@/lib/kpis/catalogue";
import type { KpiHistoryResult } from "@/lib/kpis/kpi-history";

// `cli kpis --integration pendo|px --account ID [--as-of YYYY-MM-DD]`: one account's KPI catalogue,
// keyed as on the KPI definitions page, computed by the same lib/kpis code as the daily snapshot.
// `cli kpis --backfill-days N [--integration pendo|px]`: KPI history, the snapshot of each of the
// last N ingested days that has none yet, for every connected tool (lib/kpis/kpi-history.ts).
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

/** A year and a bit: the usage backfill reads 180 days, and a longer-running hub has more. */
const MAX_BACKFILL_DAYS = 400;

type ToolHistory = KpiHistoryResult & { system: "PENDO" | "PX"; seconds: number };

async function backfillTools(n: number, only: "PENDO" | "PX" | undefined): Promise<ToolHistory[]> {
  const { analyticsIntegrations } = await import("@/lib/hub/integrations");
  const { backfillKpiHistory, lastIngestedDays } = await import("@/lib/kpis/kpi-history");
  const tools = (await analyticsIntegrations()).filter((t): t is typeof t & { system: "PENDO" | "PX" } => (t.system === "PENDO" || t.system === "PX") && (!only || t.system === only));
  const results: ToolHistory[] = [];
  for (const tool of tools) {
    const started = performance.now();
    const result = await backfillKpiHistory(tool.id, await lastIngestedDays(tool.id, n));
    results.push({ ...result, system: tool.system, seconds: Math.round((performance.now() - started) / 100) / 10 });
  }
  return results;
}

function historyText(n: number, results: readonly ToolHistory[]): string {
  if (results.length === 0) return "No Pendo or Gainsight PX integration is connected: nothing to snapshot.";
  return results
    .map((r) => {
      const tool = TOOL[r.system === "PENDO" ? "pendo" : "px"];
      if (!r.coverage) return `${tool}: no usage ingested yet; run a sync first.`;
      const days = r.computed.length + r.present.length;
      return `${tool}: the last ${days} ingested day(s) of ${n} asked (${r.coverage.firstDay} to ${r.coverage.lastDay} ingested): ${r.computed.length} computed now in ${r.seconds} s, ${r.present.length} already had a snapshot.`;
    })
    .join("\n");
}

export function registerKpiCommands(program: Command, out: () => { json: boolean }, print: Print): void {
  program
    .command("kpis")
    .description("one account's usage KPIs as of a day (the tool's last ingested day unless --as-of), keyed as on the KPI definitions page; or, with --backfill-days N, the KPI history of the last N ingested days")
    .option("--integration <system>", "pendo or px (with --backfill-days: only this tool)")
    .option("--account <id>", "the tool's account id, or a Salesforce account id linked to the tool's accounts")
    .option("--as-of <day>", "the day the KPIs are as of, YYYY-MM-DD (default: the last day ingested)")
    .option("--backfill-days <n>", `snapshot each of the last N ingested days (1 to ${MAX_BACKFILL_DAYS}) that has no KPI snapshot yet, for every connected tool`)
    .action(async (o: { integration?: string; account?: string; asOf?: string; backfillDays?: string }) => {
      const system = o.integration?.trim().toUpperCase();
      if (system !== undefined && system !== "PENDO" && system !== "PX") throw new CommanderError(2, "clearinghouse.badIntegration", `--integration must be pendo or px, not "${o.integration}"`);
      if (o.backfillDays !== undefined) {
        if (o.account !== undefined || o.asOf !== undefined) throw new CommanderError(2, "clearinghouse.badOptions", "--backfill-days takes no --account or --as-of: it snapshots whole days of every account.");
        const n = Number(o.backfillDays);
        if (!Number.isInteger(n) || n < 1 || n > MAX_BACKFILL_DAYS) throw new CommanderError(2, "clearinghouse.badDays", `--backfill-days takes a whole number of days from 1 to ${MAX_BACKFILL_DAYS}, not "${o.backfillDays}"`);
        const results = await backfillTools(n, system);
        print(out(), { days: n, tools: results }, () => historyText(n, results));
        return;
      }
      if (system === undefined || o.account === undefined) throw new CommanderError(2, "clearinghouse.badOptions", "Give --integration pendo|px and --account ID (one account's KPIs), or --backfill-days N (KPI history).");
      const { accountKpis } = await import("@/lib/kpis/account-kpis");
      const result = await accountKpis({ system, account: o.account, asOf: o.asOf });
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
