import { db } from "@/lib/db";
import { TOOL_SYSTEMS, type ConfigFile, type ToolSystem } from "@/lib/config/config-schema";
import { checkConfigAgainst } from "@/lib/config/check-config";
import { diffAlertRules, diffCsmSettings, diffFieldMappings, diffKpiSettings, diffMatchRules, diffPullSettings, diffSchedules, type ConfigChange } from "@/lib/config/diff-config";
import { loadInstallation, type Installation } from "@/lib/config/installation";
import { parseConfigFile, type ConfigProblem } from "@/lib/config/parse-config-file";
import { SYSTEM_LABEL } from "@/lib/hub/integrations";

export type SectionKey = `salesforce.${"pullSettings" | "schedules" | "csmSettings"}` | `tools.${"PENDO" | "PX"}.${"matchingRules" | "fieldMappings" | "schedules" | "kpiSettings"}` | "alerts.rules";

export interface SectionPreview {
  /** The section's JSON path in the file. */
  key: SectionKey;
  title: string;
  /** not-in-file: the section is configured here but the file has none, so it is left as it is. */
  state: "changed" | "unchanged" | "not-in-file";
  changes: ConfigChange[];
}

export interface ImportPreview {
  /** No problems: the file may be applied. */
  ok: boolean;
  problems: ConfigProblem[];
  /** When the file was exported, once it could be read. */
  exportedAt: string | null;
  /** What applying would change, per section of this installation's configuration. */
  sections: SectionPreview[];
  /** How many items applying would change, over all sections: 0 for a file that matches this installation. */
  changes: number;
}

export interface ImportPlan {
  preview: ImportPreview;
  /** Set once the file could be read: what to write, and where. */
  file: ConfigFile | null;
  installation: Installation;
}

function section(key: SectionKey, title: string, changes: ConfigChange[] | null): SectionPreview {
  if (changes === null) return { key, title, state: "not-in-file", changes: [] };
  return { key, title, state: changes.length > 0 ? "changed" : "unchanged", changes };
}

/** Each tool's feature names by id, for the core features the installation or the file marks. */
type FeatureNames = Partial<Record<ToolSystem, Map<string, string>>>;

async function featureNames(file: ConfigFile, installation: Installation): Promise<FeatureNames> {
  const names: FeatureNames = {};
  for (const system of TOOL_SYSTEMS) {
    const tool = installation.tools[system];
    const wanted = file.tools[system]?.kpiSettings;
    if (!tool || !wanted) continue;
    const ids = [...new Set([...tool.kpiSettings.coreFeatureIds, ...wanted.coreFeatureIds])];
    const rows = ids.length ? await db.usageFeature.findMany({ where: { integrationId: tool.integrationId, externalId: { in: ids } }, select: { externalId: true, name: true } }) : [];
    names[system] = new Map(rows.map((r) => [r.externalId, r.name]));
  }
  return names;
}

function compare(file: ConfigFile, installation: Installation, names: FeatureNames): SectionPreview[] {
  const sections: SectionPreview[] = [];
  if (installation.salesforce) {
    const wanted = file.salesforce?.pullSettings;
    const schedules = file.salesforce?.schedules;
    const csm = file.salesforce?.csmSettings;
    // The CSM field is on the account object the pull reads once the file is applied.
    const accountObject = (wanted ?? installation.salesforce.pullSettings).accountObject;
    sections.push(
      section("salesforce.pullSettings", "Salesforce pull settings", wanted ? diffPullSettings(installation.salesforce.pullSettings, wanted) : null),
      section("salesforce.schedules", "Salesforce schedules", schedules ? diffSchedules(SYSTEM_LABEL.SALESFORCE, installation.salesforce.schedules, schedules) : null),
      section("salesforce.csmSettings", "Salesforce CSM field", csm ? diffCsmSettings(installation.salesforce.csmSettings, csm, accountObject) : null),
    );
  }
  for (const system of TOOL_SYSTEMS) {
    const tool = installation.tools[system];
    if (!tool) continue;
    const wanted = file.tools[system];
    const label = SYSTEM_LABEL[system];
    sections.push(
      section(`tools.${system}.matchingRules`, `${label} matching rules`, wanted ? diffMatchRules(tool.matchingRules, wanted.matchingRules) : null),
      section(`tools.${system}.fieldMappings`, `${label} field mappings`, wanted ? diffFieldMappings(tool.fieldMappings, wanted.fieldMappings) : null),
      // A file exported before schedules joined it has none: every schedule is left as it is.
      section(`tools.${system}.schedules`, `${label} schedules`, wanted?.schedules ? diffSchedules(label, tool.schedules, wanted.schedules) : null),
      section(
        `tools.${system}.kpiSettings`,
        `${label} KPI settings`,
        wanted?.kpiSettings ? diffKpiSettings(tool.kpiSettings, wanted.kpiSettings, (id) => names[system]?.get(id) ?? id) : null,
      ),
    );
  }
  sections.push(section("alerts.rules", "Alert rules", file.alerts ? diffAlertRules(installation.alertRules, file.alerts.rules) : null));
  return sections;
}

/**
 * Reads a configuration file (its text, or parsed JSON), checks it against this installation and
 * says what applying it would change. Writes nothing. `apply-import.ts` applies the same plan.
 */
export async function planImport(input: unknown): Promise<ImportPlan> {
  const installation = await loadInstallation();
  const parsed = parseConfigFile(input);
  if (!parsed.ok) return { preview: { ok: false, problems: parsed.problems, exportedAt: null, sections: [], changes: 0 }, file: null, installation };
  const problems = await checkConfigAgainst(parsed.file, installation);
  const sections = compare(parsed.file, installation, await featureNames(parsed.file, installation));
  const changes = sections.reduce((n, s) => n + s.changes.length, 0);
  return { preview: { ok: problems.length === 0, problems, exportedAt: parsed.file.exportedAt, sections, changes }, file: parsed.file, installation };
}

export async function previewImport(input: unknown): Promise<ImportPreview> {
  return (await planImport(input)).preview;
}
