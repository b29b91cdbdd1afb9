import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { matchableFieldPairs, salesforceFamily, type AnalyticsFieldInfo, type SalesforceFieldInfo } from "@/lib/matching/custom-fields";
import type { MatchRules } from "@/lib/matching/rules";
import { salesforceIntegration, SYSTEM_LABEL } from "@/lib/hub/integrations";
import { salesforcePullSettings } from "@/lib/integrations/pull-settings";
import { MAX_CUSTOM_MATCH_FIELDS } from "@/lib/matching/custom-fields";
import { PX_COLUMN_FIELDS } from "@/lib/connectors/px/records";

// Custom field pairs an admin may pick, from the cached Salesforce describe and the cached
// Pendo/PX attribute schema. The page offers a Salesforce field and an analytics field of the same
// family; the same offer is used on the server to refuse a pair the page would not have offered.
//
// Only fields the hub keeps for custom matching are offered, or a pair would silently never match:
// on the Salesforce side the custom fields the pull reads into a record's `fields` (see
// lib/connectors/salesforce/source.ts: custom text or whole-number fields, the first 100); on the PX side
// every attribute except the ones the pull stores as columns (lib/connectors/px/records.ts), which the
// built-in criteria (ID, name, website, email, phone) already use. Pendo keeps every attribute.

export type FieldFamily = "text" | "integer";

export interface FieldChoice {
  name: string;
  label: string;
  family: FieldFamily;
}

/** The fields that take part in at least one matchable pair, per side. */
export interface FieldPicker {
  salesforce: FieldChoice[];
  analytics: FieldChoice[];
}

export interface FieldOptions {
  accounts: FieldPicker;
  contacts: FieldPicker;
  /** Why a list is empty or incomplete, in sentences that say what to do. */
  missing: string[];
}

export type CachedFields = readonly unknown[] | null;

export interface CachedSchemas {
  /** False when no Salesforce org is connected. */
  salesforceConnected: boolean;
  /** The analytics tool; PX keeps some attributes as columns rather than custom values. */
  system: "PENDO" | "PX";
  salesforceAccount: CachedFields;
  salesforceContact: CachedFields;
  analyticsAccount: CachedFields;
  analyticsUser: CachedFields;
}

interface DescribedField {
  name: string;
  type: string;
  label?: string;
  scale?: number;
  /** Salesforce describes say whether a field is custom; a cache without the flag goes by the __c suffix. */
  custom?: boolean;
}


/** Keeps the entries of a cached describe that have a name and a type; anything else is ignored. */
function describedFields(value: unknown): DescribedField[] {
  if (!Array.isArray(value)) return [];
  return value.filter(
    (f): f is DescribedField => typeof f === "object" && f !== null && typeof (f as DescribedField).name === "string" && typeof (f as DescribedField).type === "string",
  );
}

/** The Salesforce fields a pull keeps in a record's `fields`, in describe order: custom, matchable, the first 100. */
export function storedSalesforceFields(value: unknown): DescribedField[] {
  const isCustom = (f: DescribedField) => (typeof f.custom === "boolean" ? f.custom : f.name.endsWith("__c"));
  return describedFields(value)
    .filter((f) => isCustom(f) && salesforceFamily(f as SalesforceFieldInfo) !== null)
    .slice(0, MAX_CUSTOM_MATCH_FIELDS);
}

/** The analytics attributes a pull keeps among a record's custom values. */
export function storedAnalyticsFields(value: unknown, system: "PENDO" | "PX", object: "account" | "user"): DescribedField[] {
  const fields = describedFields(value);
  return system === "PX" ? fields.filter((f) => !PX_COLUMN_FIELDS[object].has(f.name)) : fields;
}

function labelOf(f: DescribedField): string {
  return typeof f.label === "string" && f.label.trim() !== "" && f.label !== f.name ? `${f.label} (${f.name})` : f.name;
}

/** Both sides' fields that have a partner of the same family on the other side, sorted by label. */
export function fieldPicker(salesforce: unknown, analytics: unknown): FieldPicker {
  const sf = describedFields(salesforce);
  const an = describedFields(analytics);
  const pairs = matchableFieldPairs(sf as SalesforceFieldInfo[], an as AnalyticsFieldInfo[]);
  const sfFamily = new Map(pairs.map((p) => [p.salesforceField, p.family]));
  const anFamily = new Map(pairs.map((p) => [p.analyticsField, p.family]));
  const choices = (fields: DescribedField[], family: Map<string, FieldFamily>): FieldChoice[] => {
    const seen = new Set<string>();
    const out: FieldChoice[] = [];
    for (const f of fields) {
      const fam = family.get(f.name);
      if (!fam || seen.has(f.name)) continue;
      seen.add(f.name);
      out.push({ name: f.name, label: labelOf(f), family: fam });
    }
    return out.sort((a, b) => a.label.localeCompare(b.label));
  };
  return { salesforce: choices(sf, sfFamily), analytics: choices(an, anFamily) };
}

/** Whether the page offers this pair: both fields listed, of the same family. */
export function isOfferedPair(picker: FieldPicker, salesforceField: string, analyticsField: string): boolean {
  const s = picker.salesforce.find((f) => f.name === salesforceField);
  const a = picker.analytics.find((f) => f.name === analyticsField);
  return Boolean(s && a && s.family === a.family);
}

export function buildFieldOptions(schemas: CachedSchemas, tool: string): FieldOptions {
  const missing: string[] = [];
  if (!schemas.salesforceConnected) missing.push("Connect Salesforce to pick its fields.");
  else if (!schemas.salesforceAccount || !schemas.salesforceContact) missing.push("Salesforce fields are not cached yet: use Refresh metadata on the Salesforce card on the Integrations page.");
  if (!schemas.analyticsAccount || !schemas.analyticsUser) missing.push(`${tool}'s attributes are not known yet: use Pull now on its card on the Integrations page.`);
  const options: FieldOptions = {
    accounts: fieldPicker(storedSalesforceFields(schemas.salesforceAccount), storedAnalyticsFields(schemas.analyticsAccount, schemas.system, "account")),
    contacts: fieldPicker(storedSalesforceFields(schemas.salesforceContact), storedAnalyticsFields(schemas.analyticsUser, schemas.system, "user")),
    missing,
  };
  const bothKnown = missing.length === 0;
  if (bothKnown && options.accounts.salesforce.length === 0 && options.contacts.salesforce.length === 0) {
    missing.push(`No custom Salesforce field has a ${tool} attribute of the same type (text or whole number), so there is no custom field pair to offer.`);
  }
  return options;
}

export interface UnofferedPair {
  entity: "accounts" | "contacts";
  salesforceField: string;
  analyticsField: string;
}

/** The first custom field criterion the page would not offer, or null when every one is offered. */
export function findUnofferedPair(options: FieldOptions, rules: MatchRules): UnofferedPair | null {
  for (const entity of ["accounts", "contacts"] as const) {
    for (const c of rules[entity]) {
      if (c.kind !== "customField") continue;
      if (!isOfferedPair(options[entity], c.salesforceField, c.analyticsField)) return { entity, salesforceField: c.salesforceField, analyticsField: c.analyticsField };
    }
  }
  return null;
}

export function unofferedPairMessage(p: UnofferedPair): string {
  const side = p.entity === "accounts" ? "accounts" : "users";
  return (
    `The ${side} pair ${p.salesforceField} = ${p.analyticsField} cannot be used: both fields must be in the cached schemas and of the same type ` +
    `(text or whole number), and Clearinghouse's own PX_/Pendo_ fields are never used. Remove that criterion and pick a pair from the lists.`
  );
}

async function loadCachedSchemas(integrationId: string): Promise<{ schemas: CachedSchemas; tool: string }> {
  const [salesforce, integration] = await Promise.all([salesforceIntegration(), db.integration.findUnique({ where: { id: integrationId }, select: { system: true } })]);
  const settings = salesforce ? await salesforcePullSettings(salesforce.id) : null;
  const describe = (id: string, objectName: string) => db.salesforceDescribe.findUnique({ where: { integrationId_objectName: { integrationId: id, objectName } } });
  const [sfAccount, sfContact, account, user] = await Promise.all([
    salesforce && settings ? describe(salesforce.id, settings.accountObject) : null,
    salesforce && settings ? describe(salesforce.id, settings.contactObject) : null,
    describe(integrationId, "account"),
    describe(integrationId, "user"),
  ]);
  const fields = (row: { fields: unknown } | null): CachedFields => (row && Array.isArray(row.fields) ? (row.fields as unknown[]) : null);
  return {
    schemas: {
      salesforceConnected: Boolean(salesforce),
      system: integration?.system === "PX" ? "PX" : "PENDO",
      salesforceAccount: fields(sfAccount),
      salesforceContact: fields(sfContact),
      analyticsAccount: fields(account),
      analyticsUser: fields(user),
    },
    tool: integration ? SYSTEM_LABEL[integration.system] : "This tool",
  };
}

export async function fieldOptions(integrationId: string): Promise<FieldOptions> {
  const { schemas, tool } = await loadCachedSchemas(integrationId);
  return buildFieldOptions(schemas, tool);
}

/** Refuses custom field criteria whose pair is not offered (wrong type, push field, unknown field) with a 422 sentence. */
export async function checkCustomFieldPairs(integrationId: string, rules: MatchRules): Promise<void> {
  if (![...rules.accounts, ...rules.contacts].some((c) => c.kind === "customField")) return;
  const unoffered = findUnofferedPair(await fieldOptions(integrationId), rules);
  if (unoffered) throw new AppError("INVALID_INPUT", unofferedPairMessage(unoffered), { [unoffered.entity]: "custom field pair not offered" });
}
