import { analyticsIntegrations, salesforceIntegration } from "@/lib/hub/integrations";
import { parseSalesforcePullSettings, type SalesforcePullSettings } from "@/lib/integrations/pull-settings";
import { loadRules } from "@/lib/matching/settings-store";
import type { MatchRules } from "@/lib/matching/rules";
import { savedOrDefaultMappings } from "@/lib/sync/push/mappings";
import { toPortable, type PortableMapping, type ToolSystem } from "@/lib/config/config-schema";

// The configuration this installation runs with: what a sync would use right now (saved settings,
// or the defaults where nobody saved any), with the ids of the integrations it belongs to. The
// export writes it out; an import is compared with it.

export interface InstalledSalesforce {
  integrationId: string;
  pullSettings: SalesforcePullSettings;
}

export interface InstalledTool {
  integrationId: string;
  system: ToolSystem;
  matchingRules: MatchRules;
  fieldMappings: PortableMapping[];
}

export interface Installation {
  salesforce: InstalledSalesforce | null;
  tools: Partial<Record<ToolSystem, InstalledTool>>;
}

/** Connected integrations only: the console shows one card per system, the first one connected. */
export async function loadInstallation(): Promise<Installation> {
  const [salesforce, tools] = await Promise.all([salesforceIntegration(), analyticsIntegrations()]);
  const installation: Installation = {
    salesforce: salesforce ? { integrationId: salesforce.id, pullSettings: parseSalesforcePullSettings(salesforce.pullSettings) } : null,
    tools: {},
  };
  for (const tool of tools) {
    const system = tool.system as ToolSystem;
    if (installation.tools[system]) continue;
    const [matchingRules, mappings] = await Promise.all([loadRules(tool.id), savedOrDefaultMappings(tool.id, system === "PENDO" ? "pendo" : "px")]);
    installation.tools[system] = { integrationId: tool.id, system, matchingRules, fieldMappings: mappings.map(toPortable) };
  }
  return installation;
}
