import { z } from "zod";
import { db } from "@/lib/db";
import type { FieldDescribe } from "@/lib/connectors/salesforce/connection";
import { isJsonObject } from "@/lib/integrations/pull-settings";

// What the contract KPIs of one Pendo or PX integration read (issue 12): the features an admin
// marks core, and the Salesforce account fields holding each account's contracted features and
// licensed seats (seed 004: "80%+ of contracted features scores 100"; mistake 2: active users
// against licensed seats). Kept in the tool's Integration.pullSettings under "kpis", beside its
// page size, the way Salesforce's API budget is kept in its own; the schema is shared by the
// save, the page and the route, so all three refuse the same input with the same sentence.

const STORED_KEY = "kpis";

const fieldName = z
  .string({ error: "Give the field's API name, or null for none." })
  .trim()
  .regex(/^[A-Za-z][A-Za-z0-9_]{0,79}$/, "Use the field's API name (letters, digits, underscores), e.g. Licensed_Seats__c.");

export const kpiSettingsSchema = z.object({
  /** UsageFeature externalIds of the tool's tracked features. */
  coreFeatureIds: z
    .array(z.string({ error: "Core features are given by their ids." }).trim().min(1, "A core feature id cannot be empty.").max(255, "That is not a feature id: reload the page."), {
      error: "Give the core features as a list of feature ids.",
    })
    .max(1000, "Mark at most 1,000 features as core."),
  /** A Salesforce account field listing the account's contracted features by name. */
  contractedFeaturesField: fieldName.nullable(),
  /** A Salesforce account number field holding the account's licensed seats. */
  licensedSeatsField: fieldName.nullable(),
});
export type KpiSettings = z.infer<typeof kpiSettingsSchema>;

export const DEFAULT_KPI_SETTINGS: KpiSettings = { coreFeatureIds: [], contractedFeaturesField: null, licensedSeatsField: null };

/** The KPI settings in a tool's stored pull settings: the defaults when there are none or they cannot be read. */
export function parseKpiSettings(pullSettings: unknown): KpiSettings {
  const stored = isJsonObject(pullSettings) ? pullSettings[STORED_KEY] : undefined;
  const parsed = kpiSettingsSchema.safeParse(stored);
  return parsed.success ? parsed.data : { ...DEFAULT_KPI_SETTINGS, coreFeatureIds: [] };
}

/** `pullSettings` with `settings` in place of the stored KPI settings, every other key kept. */
export function withKpiSettings(pullSettings: unknown, settings: KpiSettings): Record<string, unknown> {
  return { ...(isJsonObject(pullSettings) ? pullSettings : {}), [STORED_KEY]: settings };
}

export async function kpiSettings(integrationId: string): Promise<KpiSettings> {
  const row = await db.integration.findUnique({ where: { id: integrationId }, select: { pullSettings: true } });
  return parseKpiSettings(row?.pullSettings);
}

/**
 * The Salesforce account fields the KPI settings of the connected tools choose, so the Salesforce
 * pull reads them into SfAccount.fields (lib/sync/pull/salesforce-source.ts).
 */
export async function kpiSalesforceFields(): Promise<string[]> {
  const tools = await db.integration.findMany({ where: { system: { in: ["PENDO", "PX"] }, secrets: { not: null } }, select: { pullSettings: true } });
  const fields = tools.flatMap((t) => {
    const s = parseKpiSettings(t.pullSettings);
    return [s.contractedFeaturesField, s.licensedSeatsField].filter((f): f is string => f !== null);
  });
  return [...new Set(fields)];
}

export type KpiField = "contractedFeaturesField" | "licensedSeatsField";

/** Salesforce describe types each field may have: a count of seats, and a list of feature names. */
export const KPI_FIELD_TYPES: Record<KpiField, readonly string[]> = {
  licensedSeatsField: ["double", "int", "long"],
  contractedFeaturesField: ["multipicklist", "picklist", "combobox", "string", "textarea"],
};

const WHAT: Record<KpiField, string> = { licensedSeatsField: "licensed seats", contractedFeaturesField: "contracted features" };

/**
 * Why `field` cannot hold the licensed seats or the contracted features, in a sentence that says
 * what to choose instead; null when it can. `object` is the Salesforce account object's name.
 */
export function kpiFieldProblem(role: KpiField, name: string, field: Pick<FieldDescribe, "name" | "type"> | undefined, object: string): string | null {
  if (!field) return `Salesforce ${object} has no field ${name}. Choose one from the list; if the field was added lately, use Refresh metadata on the Salesforce card first.`;
  if (KPI_FIELD_TYPES[role].includes(field.type)) return null;
  if (role === "licensedSeatsField") {
    const why = field.type === "currency" ? "a currency (an amount of money)" : field.type === "percent" ? "a percent" : `a ${field.type} field`;
    return `${object}.${name} is ${why}, not a count: choose a number field (Number, whole or decimal) holding the licensed seats.`;
  }
  return `${object}.${name} is a ${field.type} field: choose a multi-select picklist, picklist or text field listing the ${WHAT[role]} by name.`;
}
