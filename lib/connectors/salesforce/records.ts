// Salesforce records as the hub stores them. Which fields play name, website, email, phone and
// parent account is the admin's choice (a custom source object), so rows are built from roles.

export type SfRecord = Record<string, unknown>;

export interface SourcePlan {
  object: string;
  fields: string[];
  /** Standard columns by role; the rest go to the record's `fields` JSON. */
  roles: Record<string, string>;
  /** Account-like objects with merge support carry MasterRecordId in queryAll. */
  hasMasterRecordId: boolean;
  /** Each field's describe type, so a Bulk 2.0 read stores values as a REST read does (see changes.ts). */
  types?: Readonly<Record<string, string>>;
}

export interface SfAccountRow {
  id: string;
  objectName: string;
  name: string | null;
  website: string | null;
  ownerId: string | null;
  fields: Record<string, unknown>;
  systemModstamp: Date;
}

export interface SfContactRow {
  id: string;
  objectName: string;
  accountId: string | null;
  email: string | null;
  phone: string | null;
  name: string | null;
  fields: Record<string, unknown>;
  systemModstamp: Date;
}

const str = (v: unknown): string | null => (typeof v === "string" && v !== "" ? v : typeof v === "number" ? String(v) : null);

function customFields(plan: SourcePlan, record: SfRecord): Record<string, unknown> {
  const standard = new Set(["Id", "SystemModstamp", "attributes", ...Object.values(plan.roles)]);
  const fields: Record<string, unknown> = {};
  for (const f of plan.fields) if (!standard.has(f) && record[f] !== undefined) fields[f] = record[f] === "" ? null : record[f];
  return fields;
}

export function toAccountRow(plan: SourcePlan, r: SfRecord): SfAccountRow {
  return {
    id: String(r.Id),
    objectName: plan.object,
    name: str(r[plan.roles.name!]),
    website: str(r[plan.roles.website!]),
    ownerId: str(r.OwnerId),
    fields: customFields(plan, r),
    systemModstamp: new Date(String(r.SystemModstamp)),
  };
}

export function toContactRow(plan: SourcePlan, r: SfRecord): SfContactRow {
  return {
    id: String(r.Id),
    objectName: plan.object,
    accountId: str(r[plan.roles.account!]),
    email: str(r[plan.roles.email!]),
    phone: str(r[plan.roles.phone!]),
    name: str(r.Name),
    fields: customFields(plan, r),
    systemModstamp: new Date(String(r.SystemModstamp)),
  };
}
