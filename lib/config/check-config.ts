import { isDeepStrictEqual } from "node:util";
import { db } from "@/lib/db";
import { checkCsmField } from "@/lib/accounts/csm/csm-field";
import { isAppError } from "@/lib/errors";
import { checkKpiSettings } from "@/lib/kpis/save-kpi-settings";
import type { FieldDescribe } from "@/lib/connectors/salesforce/connection";
import { TOOL_SYSTEMS, type ConfigFile, type PortableMapping, type ToolSection } from "@/lib/config/config-schema";
import type { Installation, InstalledTool } from "@/lib/config/installation";
import { describeMapping } from "@/lib/config/diff-config";
import { problemAt, type ConfigProblem } from "@/lib/config/parse-config-file";
import { SYSTEM_LABEL } from "@/lib/hub/integrations";
import { byLabel, mappingFields, salesforceOption } from "@/lib/field-mappings/mapping-fields";
import { checkMappingRows, type FieldOption } from "@/lib/field-mappings/mapping-rows";
import { fieldOptions, isOfferedPair, unofferedPairMessage } from "@/lib/matching/field-options";

// Whether a well-formed file fits this installation: each system it configures is connected here
// (a section for a system that is not, its schedules included, is reported, never dropped), its
// custom matching pairs are ones the Matching page would offer, and its field mappings pass the
// same checks as the mapping editor, against the field lists cached here. Schedules need nothing
// more: which actions a system runs and a valid cron and zone are the file schema's checks.
// KPI settings and the CSM field that would change go through their own save's checks (tracked
// core features; account fields that exist with a type that can hold them), against the account
// object the pull reads once the file is applied. Alert rules need nothing beyond the schema.

/** Each entity, and the object its Pendo/PX attributes are cached under. */
const ENTITIES = [
  ["account", "account"],
  ["contact", "user"],
] as const;

function notConnected(path: string, what: string, system: string): ConfigProblem {
  return problemAt(path, `The file has ${what}, but ${system} is not connected here. Connect it on the Integrations page first, or remove "${path}" from the file.`);
}

async function checkMatchingRules(tool: InstalledTool, section: ToolSection): Promise<ConfigProblem[]> {
  const custom = (["accounts", "contacts"] as const).flatMap((entity) => section.matchingRules[entity].map((c, i) => ({ entity, c, i })).filter(({ c }) => c.kind === "customField"));
  if (custom.length === 0) return [];
  const options = await fieldOptions(tool.integrationId);
  const problems: ConfigProblem[] = [];
  for (const { entity, c, i } of custom) {
    if (c.kind !== "customField" || isOfferedPair(options[entity], c.salesforceField, c.analyticsField)) continue;
    problems.push(problemAt(`tools.${tool.system}.matchingRules.${entity}[${i}]`, unofferedPairMessage({ entity, salesforceField: c.salesforceField, analyticsField: c.analyticsField })));
  }
  return problems;
}

async function cachedSalesforceFields(salesforceId: string, objectName: string, system: "pendo" | "px"): Promise<FieldOption[] | null> {
  const row = await db.salesforceDescribe.findUnique({ where: { integrationId_objectName: { integrationId: salesforceId, objectName } } });
  if (!row || !Array.isArray(row.fields)) return null;
  return (row.fields as unknown as FieldDescribe[]).map((f) => salesforceOption({ system: "salesforce", ...f }, system)).sort(byLabel);
}

/**
 * The file's mappings through the mapping editor's own row checks (checkMappingRows), so a file
 * is refused for exactly what a save on the Map fields page would be refused for. A file that also
 * switches a Salesforce source object is checked against that object's cached fields.
 */
async function checkFieldMappings(tool: InstalledTool, section: ToolSection, salesforce: { integrationId: string; objects: Record<"account" | "contact", string> } | null): Promise<ConfigProblem[]> {
  const base = `tools.${tool.system}.fieldMappings`;
  const label = SYSTEM_LABEL[tool.system];
  if (section.fieldMappings.length === 0) return [];
  if (!salesforce) return [problemAt(base, `Salesforce is not connected here, so ${label}'s field mappings cannot be checked against its fields. Connect Salesforce first, then import again.`)];

  const system = tool.system === "PENDO" ? "pendo" : "px";
  const problems: ConfigProblem[] = [];
  const { entities } = await mappingFields(tool.integrationId, system);
  const cached = await db.salesforceDescribe.findMany({ where: { integrationId: tool.integrationId, objectName: { in: ["account", "user"] } }, select: { objectName: true } });
  for (const [entity, toolObject] of ENTITIES) {
    if (!section.fieldMappings.some((m) => m.entity === entity)) continue;
    const fields = entities.find((e) => e.entity === entity)!;
    const objectName = salesforce.objects[entity];
    const salesforceFields = objectName === fields.salesforceObject && fields.salesforce.length > 0 ? fields.salesforce : await cachedSalesforceFields(salesforce.integrationId, objectName, system);
    if (!salesforceFields) {
      problems.push(problemAt(base, `Salesforce's ${objectName} fields are not cached here yet, so the ${entity} mappings cannot be checked. Use Refresh metadata on the Salesforce card (Integrations), then import again.`));
      continue;
    }
    if (!cached.some((c) => c.objectName === toolObject)) {
      problems.push(problemAt(base, `${label}'s ${toolObject} attributes are not known here yet, so the ${entity} mappings cannot be checked. Use Pull now on the ${label} card (Integrations), then import again.`));
      continue;
    }
    fields.salesforce = salesforceFields;
    fields.salesforceObject = objectName;
  }
  if (problems.length > 0) return problems;
  const checked = checkMappingRows(system, tool.integrationId, section.fieldMappings, entities);
  return checked.problems.map((p) => problemAt(`${base}[${p.index}]${p.path === "row" ? "" : `.${p.path}`}`, `${describe(section.fieldMappings[p.index]!)}: ${p.message}`));
}

const describe = (m: PortableMapping) => `The ${m.entity} mapping ${describeMapping(m)}`;

/** Settings › KPI settings' own checks, when the file changes them; the sentence the page would show. */
async function checkKpis(tool: InstalledTool, section: ToolSection, accountObject: string | undefined): Promise<ConfigProblem[]> {
  const wanted = section.kpiSettings;
  if (!wanted || isDeepStrictEqual({ ...wanted, coreFeatureIds: [...new Set(wanted.coreFeatureIds)].sort() }, tool.kpiSettings)) return [];
  const base = `tools.${tool.system}.kpiSettings`;
  try {
    await checkKpiSettings(tool.integrationId, wanted, accountObject);
    return [];
  } catch (error) {
    if (!isAppError(error)) throw error;
    const field = Object.keys(error.fields ?? {})[0];
    return [problemAt(field && field in wanted ? `${base}.${field}` : base, error.message)];
  }
}

/** The CSM field the file names, when it changes it: a lookup to User the account object has and the integration user may edit. */
async function checkCsm(file: ConfigFile, installation: Installation, accountObject: string): Promise<ConfigProblem[]> {
  const wanted = file.salesforce?.csmSettings;
  const salesforce = installation.salesforce;
  if (!wanted || !salesforce || wanted.fieldName === salesforce.csmSettings.fieldName) return [];
  const problem = await checkCsmField(salesforce.integrationId, accountObject, wanted.fieldName);
  return problem ? [problemAt("salesforce.csmSettings.fieldName", problem)] : [];
}

/** Every reason this well-formed file cannot be imported here; empty when it can. */
export async function checkConfigAgainst(file: ConfigFile, installation: Installation): Promise<ConfigProblem[]> {
  const problems: ConfigProblem[] = [];
  if (file.salesforce && !installation.salesforce) {
    const parts = ["pull settings", file.salesforce.schedules && "schedules", file.salesforce.csmSettings && "CSM field"].filter(Boolean) as string[];
    problems.push(notConnected("salesforce", `Salesforce ${parts.length > 1 ? `${parts.slice(0, -1).join(", ")} and ${parts.at(-1)}` : parts[0]}`, "Salesforce"));
  }
  // Mappings are checked against the objects the pull will read once the file is applied.
  const settings = file.salesforce?.pullSettings ?? installation.salesforce?.pullSettings;
  const salesforce = installation.salesforce && settings ? { integrationId: installation.salesforce.integrationId, objects: { account: settings.accountObject, contact: settings.contactObject } } : null;
  for (const system of TOOL_SYSTEMS) {
    const section = file.tools[system];
    if (!section) continue;
    const tool = installation.tools[system];
    if (!tool) {
      problems.push(notConnected(`tools.${system}`, `${SYSTEM_LABEL[system]} settings`, SYSTEM_LABEL[system]));
      continue;
    }
    problems.push(...(await checkMatchingRules(tool, section)), ...(await checkFieldMappings(tool, section, salesforce)), ...(await checkKpis(tool, section, salesforce?.objects.account)));
  }
  if (salesforce) problems.push(...(await checkCsm(file, installation, salesforce.objects.account)));
  return problems;
}
