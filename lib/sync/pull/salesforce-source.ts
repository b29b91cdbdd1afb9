import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { MAX_CUSTOM_MATCH_FIELDS, salesforceFamily } from "@/lib/matching/custom-fields";
import type { FieldDescribe } from "@/lib/connectors/salesforce/connection";
import type { SalesforcePullSettings } from "@/lib/integrations/pull-settings";
import type { SourcePlan } from "@/lib/connectors/salesforce/records";
import { ACCOUNT_HEALTH_FIELDS } from "@/lib/connectors/salesforce/health-records";
import { csmFieldName } from "@/lib/accounts/csm/csm-field";
import { kpiSalesforceFields } from "@/lib/kpis/kpi-settings";
import { sharingGroupFields } from "@/lib/sharing-groups/sharing-group-fields";
import { mappedSalesforceFields } from "@/lib/sync/push/mappings";

// Which fields a pull reads from the account and contact source objects: the ones matching
// uses (name, website, email, phone, parent account), and every custom text or whole-number
// field so custom field matching can use any of them without a re-pull.

async function describedFields(integrationId: string, object: string): Promise<FieldDescribe[]> {
  const row = await db.salesforceDescribe.findUnique({ where: { integrationId_objectName: { integrationId, objectName: object } } });
  if (!row) throw new AppError("CONFLICT", `The fields of Salesforce object ${object} are not cached yet. Use "Refresh fields" on the Salesforce card, then pull again.`);
  return row.fields as unknown as FieldDescribe[];
}

function requireFields(object: string, available: Set<string>, wanted: Record<string, string>) {
  const missing = Object.entries(wanted).filter(([, f]) => !available.has(f));
  if (missing.length) {
    throw new AppError(
      "INVALID_INPUT",
      `Salesforce object ${object} has no field ${missing.map(([role, f]) => `${f} (${role})`).join(", ")}. Change the pull settings to fields the object has.`,
    );
  }
}

async function plan(integrationId: string, object: string, roles: Record<string, string>, mapped: string[] = []): Promise<SourcePlan> {
  const described = await describedFields(integrationId, object);
  const available = new Set(described.map((f) => f.name));
  requireFields(object, available, { "record ID": "Id", "modification stamp": "SystemModstamp", ...roles });
  const custom = described
    .filter((f) => f.custom && salesforceFamily(f) !== null)
    .map((f) => f.name)
    .slice(0, MAX_CUSTOM_MATCH_FIELDS);
  const optional = ["OwnerId", "Name"].filter((f) => available.has(f));
  // Mapped fields are read too (never matched on): "only when empty" needs the values of push
  // targets, and the write-back to Pendo/PX sends the values of its Salesforce sources.
  const targets = mapped.filter((f) => available.has(f));
  const fields = [...new Set(["Id", "SystemModstamp", ...Object.values(roles), ...optional, ...custom, ...targets])];
  const types = Object.fromEntries(described.filter((f) => fields.includes(f.name)).map((f) => [f.name, f.type]));
  return { object, fields, roles, hasMasterRecordId: available.has("MasterRecordId"), types };
}

export async function accountSource(integrationId: string, s: SalesforcePullSettings): Promise<SourcePlan> {
  // The KPI settings' fields of contracted features and licensed seats are read the same way.
  const read = [...(await mappedSalesforceFields("account")), ...(await kpiSalesforceFields())];
  // So are the fields account health reads (churn and renewal dates, ARR, CSM...), where the org has them.
  read.push(...ACCOUNT_HEALTH_FIELDS);
  // And the field an admin chose for the CSM, if not CSM__c: the CSM until Clearinghouse takes over.
  read.push(await csmFieldName(integrationId));
  // And the fields sharing groups match on: a group's field missing from SfAccount.fields would protect nothing.
  read.push(...(await sharingGroupFields()));
  return plan(integrationId, s.accountObject, { name: s.accountNameField, website: s.accountWebsiteField }, read);
}

export async function contactSource(integrationId: string, s: SalesforcePullSettings): Promise<SourcePlan> {
  return plan(integrationId, s.contactObject, { email: s.contactEmailField, phone: s.contactPhoneField, account: s.contactAccountField }, await mappedSalesforceFields("contact"));
}
