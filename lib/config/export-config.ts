import { CONFIG_FORMAT, CONFIG_VERSION, TOOL_SYSTEMS, type ConfigFile, type ConfigSchedules } from "@/lib/config/config-schema";
import { loadInstallation, type InstalledSchedules } from "@/lib/config/installation";
import { SCHEDULE_ACTIONS } from "@/lib/sync/schedules/defaults";

/** Each schedule as it runs (a default one too), so the file says when this installation pulls and synchronizes. */
function portableSchedules(installed: InstalledSchedules): ConfigSchedules {
  const schedules: ConfigSchedules = {};
  for (const action of SCHEDULE_ACTIONS) {
    const s = installed[action];
    if (s) schedules[action] = { cron: s.cron, timezone: s.timezone, paused: s.paused };
  }
  return schedules;
}

/**
 * The whole configuration as one file: Salesforce pull settings and CSM field, per connected
 * Pendo/PX tool its matching rules, field mappings (write modes included) and KPI settings, as a
 * sync would use them now, each connected system's schedules, and the alert rules. Nothing secret
 * is read: credentials stay in the integrations' encrypted envelopes, and the alert channels
 * (webhook URL, SMTP login) are left out.
 */
export async function exportConfig(at = new Date()): Promise<ConfigFile> {
  const installation = await loadInstallation();
  const tools: ConfigFile["tools"] = {};
  for (const system of TOOL_SYSTEMS) {
    const tool = installation.tools[system];
    if (tool) tools[system] = { matchingRules: tool.matchingRules, fieldMappings: tool.fieldMappings, schedules: portableSchedules(tool.schedules), kpiSettings: tool.kpiSettings };
  }
  const { salesforce } = installation;
  return {
    format: CONFIG_FORMAT,
    version: CONFIG_VERSION,
    exportedAt: at.toISOString(),
    ...(salesforce ? { salesforce: { pullSettings: salesforce.pullSettings, schedules: portableSchedules(salesforce.schedules), csmSettings: salesforce.csmSettings } } : {}),
    tools,
    alerts: { rules: installation.alertRules },
  };
}
