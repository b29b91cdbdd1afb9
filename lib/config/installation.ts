import { csmFieldName } from "@/lib/accounts/csm/csm-field";
import type { CsmSettingsInput } from "@/lib/accounts/csm/csm-settings";
import { alertRules } from "@/lib/alerts/settings";
import type { AlertRules } from "@/lib/alerts/settings-schema";
import { analyticsIntegrations, salesforceIntegration } from "@/lib/hub/integrations";
import { parseSalesforcePullSettings, type SalesforcePullSettings } from "@/lib/integrations/pull-settings";
import { parseKpiSettings, type KpiSettings } from "@/lib/kpis/kpi-settings";
import { loadRules } from "@/lib/matching/settings-store";
import type { MatchRules } from "@/lib/matching/rules";
import { savedOrDefaultMappings } from "@/lib/sync/push/mappings";
import { schedulesOf, type EffectiveSchedule } from "@/lib/sync/schedules/connected-schedules";
import type { ScheduleAction } from "@/lib/sync/schedules/defaults";
import { toPortable, type PortableMapping, type ToolSystem } from "@/lib/config/config-schema";

// The configuration this installation runs with: what a sync would use right now (saved settings,
// or the defaults where nobody saved any), with the ids of the integrations it belongs to. The
// export writes it out; an import is compared with it.

/** The integration's schedules as they run: saved, or seed 001's default; one per action its system runs. */
export type InstalledSchedules = Partial<Record<ScheduleAction, EffectiveSchedule>>;

export interface InstalledSalesforce {
  integrationId: string;
  pullSettings: SalesforcePullSettings;
  schedules: InstalledSchedules;
  /** The account field holding the CSM: saved, or CSM__c. */
  csmSettings: CsmSettingsInput;
}

export interface InstalledTool {
  integrationId: string;
  system: ToolSystem;
  matchingRules: MatchRules;
  fieldMappings: PortableMapping[];
  schedules: InstalledSchedules;
  kpiSettings: KpiSettings;
}

export interface Installation {
  salesforce: InstalledSalesforce | null;
  tools: Partial<Record<ToolSystem, InstalledTool>>;
  /** The alert rules as evaluated now; the channels (secrets) are never part of the configuration. */
  alertRules: AlertRules;
}

/** Connected integrations only: the console shows one card per system, the first one connected. */
export async function loadInstallation(): Promise<Installation> {
  const [salesforce, analytics] = await Promise.all([salesforceIntegration(), analyticsIntegrations()]);
  const tools = analytics.filter((tool, i) => analytics.findIndex((t) => t.system === tool.system) === i);
  const [schedules, rules, csmField] = await Promise.all([schedulesOf([...(salesforce ? [salesforce] : []), ...tools]), alertRules(), salesforce ? csmFieldName(salesforce.id) : null]);
  const schedulesFor = (integrationId: string): InstalledSchedules => Object.fromEntries(schedules.filter((s) => s.integrationId === integrationId).map((s) => [s.action, s]));
  const installation: Installation = {
    salesforce: salesforce
      ? { integrationId: salesforce.id, pullSettings: parseSalesforcePullSettings(salesforce.pullSettings), schedules: schedulesFor(salesforce.id), csmSettings: { fieldName: csmField! } }
      : null,
    tools: {},
    alertRules: rules,
  };
  for (const tool of tools) {
    const system = tool.system as ToolSystem;
    const [matchingRules, mappings] = await Promise.all([loadRules(tool.id), savedOrDefaultMappings(tool.id, system === "PENDO" ? "pendo" : "px")]);
    installation.tools[system] = { integrationId: tool.id, system, matchingRules, fieldMappings: mappings.map(toPortable), schedules: schedulesFor(tool.id), kpiSettings: parseKpiSettings(tool.pullSettings) };
  }
  return installation;
}
