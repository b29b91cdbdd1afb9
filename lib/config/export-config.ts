import { CONFIG_FORMAT, CONFIG_VERSION, TOOL_SYSTEMS, type ConfigFile } from "@/lib/config/config-schema";
import { loadInstallation } from "@/lib/config/installation";

/**
 * The whole configuration as one file: Salesforce pull settings, and per connected Pendo/PX tool
 * its matching rules and field mappings (write modes included), as a sync would use them now.
 * Nothing secret is read: credentials stay in the integrations' encrypted envelopes.
 */
export async function exportConfig(at = new Date()): Promise<ConfigFile> {
  const installation = await loadInstallation();
  const tools: ConfigFile["tools"] = {};
  for (const system of TOOL_SYSTEMS) {
    const tool = installation.tools[system];
    if (tool) tools[system] = { matchingRules: tool.matchingRules, fieldMappings: tool.fieldMappings };
  }
  return {
    format: CONFIG_FORMAT,
    version: CONFIG_VERSION,
    exportedAt: at.toISOString(),
    ...(installation.salesforce ? { salesforce: { pullSettings: installation.salesforce.pullSettings } } : {}),
    tools,
  };
}
