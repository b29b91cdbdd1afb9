// Loading a fixture into the org and exporting the org back into the same shape.
// Export is canonical (every field present, fixed key order, normalised values) so that
// export → load → export is byte-for-byte identical.

import { formatDateTime, parseDateTime } from "./clock";
import { deriveAfterLoad, deriveFields } from "./derived";
import { normalizeId } from "./ids";
import { MetadataRegistry } from "./metadata/registry";
import type { ObjectMeta } from "./metadata/types";
import type { OrgData } from "./org";
import { renderRecord } from "./records";
import { coerceValue, indexKey, type SfRecord } from "./values";
import {
  salesforceFixtureSchema,
  type CustomFieldDef,
  type CustomObjectDef,
  type SalesforceFixture,
} from "./fixture-schema";

export { salesforceFixtureSchema, type SalesforceFixture } from "./fixture-schema";

/** Version used in exported `attributes.url` values. */
export const EXPORT_API_VERSION = "62.0";
const DEFAULT_DAILY_API_REQUESTS = 100_000;

export class FixtureError extends Error {
  constructor(readonly problems: string[]) {
    super(
      `Invalid Salesforce fixture: ${problems.slice(0, 10).join("; ")}${problems.length > 10 ? ` (and ${problems.length - 10} more)` : ""}`,
    );
  }
}

/** Validates shape and contents; throws FixtureError listing what is wrong. */
export function parseSalesforceFixture(input: unknown): SalesforceFixture {
  const parsed = salesforceFixtureSchema.safeParse(input);
  if (!parsed.success) {
    throw new FixtureError(
      parsed.error.issues.map((i) => `${i.path.length ? i.path.map(String).join(".") : "(root)"}: ${i.message}`),
    );
  }
  return parsed.data;
}

/** Object names load in this order so owners exist before the records that default to them. */
function loadOrder(objects: Record<string, unknown[]>): string[] {
  return Object.keys(objects).sort((a, b) => (a.toLowerCase() === "user" ? -1 : b.toLowerCase() === "user" ? 1 : 0));
}

export interface LoadOptions {
  /** allowance used when the fixture's org does not set one */
  dailyApiRequests?: number;
}

/**
 * Replaces the org's schema and data with the fixture's. The org is left untouched when the
 * fixture is invalid.
 */
export function loadSalesforceFixture(org: OrgData, input: SalesforceFixture | undefined, options: LoadOptions = {}): void {
  const fixture = input ?? {};
  let registry: MetadataRegistry;
  try {
    registry = MetadataRegistry.build(fixture.customObjects ?? [], fixture.customFields ?? {});
  } catch (err) {
    throw new FixtureError([(err as Error).message]);
  }
  const problems: string[] = [];
  const objects = fixture.objects ?? {};
  const prepared: Array<{ meta: ObjectMeta; records: SfRecord[] }> = [];
  const seenIds = new Set<string>();
  const explicitIds = collectExplicitIds(objects);
  const nowStamp = formatDateTime(org.clock.now());
  for (const objectName of loadOrder(objects)) {
    const meta = registry.get(objectName);
    if (!meta) {
      problems.push(`objects.${objectName}: unknown object (declare custom objects in customObjects)`);
      continue;
    }
    if (meta.name === "Organization") {
      problems.push("objects.Organization: the organization comes from the org section");
      continue;
    }
    const records: SfRecord[] = [];
    (objects[objectName] ?? []).forEach((raw, index) => {
      const where = `objects.${objectName}[${index}]`;
      const rec = prepareRecord(org, meta, raw as Record<string, unknown>, where, problems, nowStamp, explicitIds);
      if (!rec) return;
      const id = String(rec.Id);
      if (seenIds.has(id)) problems.push(`${where}: duplicate Id ${id}`);
      seenIds.add(id);
      records.push(rec);
    });
    prepared.push({ meta, records });
  }
  checkUniqueValues(prepared, problems);
  if (problems.length > 0) throw new FixtureError(problems);

  org.reset(registry);
  org.info = {
    id: fixture.org?.id ?? org.info.id,
    name: fixture.org?.name ?? "Clearinghouse Demo Org",
    isSandbox: fixture.org?.isSandbox ?? false,
    instanceName: fixture.org?.instanceName ?? (fixture.org?.isSandbox ? "CS42" : "EMU1"),
    dailyApiRequests: fixture.org?.dailyApiRequests ?? options.dailyApiRequests ?? DEFAULT_DAILY_API_REQUESTS,
  };
  const users = prepared.find((p) => p.meta.name === "User");
  if (!users || users.records.length === 0) {
    const meta = registry.get("User")!;
    const admin = defaultUser(org, meta, nowStamp, explicitIds);
    if (users) users.records.push(admin);
    else prepared.unshift({ meta, records: [admin] });
  }
  const userRecords = prepared.find((p) => p.meta.name === "User")!.records;
  const active = userRecords.find((u) => u.IsActive === true) ?? userRecords[0]!;
  org.defaultUserId = String(active.Id);

  for (const { meta, records } of prepared) {
    const table = org.store.table(meta);
    for (const rec of records) {
      for (const key of ["OwnerId", "CreatedById", "LastModifiedById"]) {
        if (key in rec && !rec[key]) rec[key] = org.defaultUserId;
      }
      if (meta.name === "Case") {
        if (!rec.CaseNumber) rec.CaseNumber = org.nextCaseNumber();
        org.observeCaseNumber(rec.CaseNumber);
      }
      const stamp = parseDateTime(String(rec.SystemModstamp));
      if (stamp !== undefined) org.clock.observeStamp(stamp);
      table.put(rec);
    }
  }
  for (const { meta } of prepared) {
    const table = org.store.table(meta);
    for (const rec of table.byId.values()) {
      const completed = deriveAfterLoad(org, meta, rec);
      if (completed) table.put(completed);
    }
  }
  org.syncOrganization();
}

/** IDs the fixture sets itself; generated IDs for the other records must avoid them. */
function collectExplicitIds(objects: Record<string, unknown[]>): Set<string> {
  const ids = new Set<string>();
  for (const records of Object.values(objects)) {
    for (const raw of records) {
      const id = (raw as Record<string, unknown>).Id;
      const normalized = typeof id === "string" ? normalizeId(id) : undefined;
      if (normalized) ids.add(normalized);
    }
  }
  return ids;
}

function prepareRecord(
  org: OrgData,
  meta: ObjectMeta,
  raw: Record<string, unknown>,
  where: string,
  problems: string[],
  nowStamp: string,
  explicitIds: ReadonlySet<string>,
): SfRecord | undefined {
  const rec: SfRecord = {};
  for (const f of meta.fields) if (f.type !== "address") rec[f.name] = f.type === "boolean" ? false : null;
  const before = problems.length;
  for (const [key, value] of Object.entries(raw)) {
    if (key === "attributes") continue;
    const f = meta.fieldByLower.get(key.toLowerCase());
    if (!f) {
      // Nested parent objects (Owner: {...}) may appear in query-shaped records; they are derived.
      if (meta.relationshipByLower.has(key.toLowerCase()) && (value === null || typeof value === "object")) continue;
      problems.push(
        `${where}: no such field '${key}' on ${meta.name}${key.endsWith("__c") ? ` (declare it in customFields.${meta.name})` : ""}`,
      );
      continue;
    }
    if (f.type === "address") continue; // recomputed from its components
    const coerced = coerceValue(f, value, "fixture", {
      keyPrefixFor: (name) => org.keyPrefixFor(name),
    });
    if (!coerced.ok) {
      problems.push(`${where}.${f.name}: ${coerced.error.message}`);
      continue;
    }
    rec[f.name] = coerced.value;
  }
  if (problems.length > before) return undefined;
  if (rec.Id === null || rec.Id === undefined) {
    rec.Id = org.ids.next(meta.keyPrefix, explicitIds);
  } else {
    const id = normalizeId(String(rec.Id));
    if (!id || id.slice(0, 3) !== meta.keyPrefix) {
      problems.push(`${where}.Id: ${String(rec.Id)} is not a ${meta.name} ID (prefix ${meta.keyPrefix})`);
      return undefined;
    }
    rec.Id = id;
  }
  for (const key of ["CreatedDate", "LastModifiedDate", "SystemModstamp"]) {
    if (key in rec && !rec[key]) rec[key] = key === "CreatedDate" ? nowStamp : (rec.CreatedDate ?? nowStamp);
  }
  deriveFields(org, meta, rec, undefined, undefined, String(rec.SystemModstamp ?? nowStamp));
  return rec;
}

function checkUniqueValues(prepared: Array<{ meta: ObjectMeta; records: SfRecord[] }>, problems: string[]): void {
  for (const { meta, records } of prepared) {
    for (const f of meta.fields) {
      if (!f.unique) continue;
      const seen = new Map<string, string>();
      for (const rec of records) {
        if (rec.IsDeleted === true) continue;
        const key = indexKey(f, rec[f.name] ?? null);
        if (key === undefined) continue;
        const other = seen.get(key);
        if (other) problems.push(`objects.${meta.name}: ${f.name} value "${String(rec[f.name])}" is on both ${other} and ${String(rec.Id)}`);
        else seen.set(key, String(rec.Id));
      }
    }
  }
}

function defaultUser(org: OrgData, meta: ObjectMeta, stamp: string, explicitIds: ReadonlySet<string>): SfRecord {
  const rec: SfRecord = {};
  for (const f of meta.fields) rec[f.name] = f.type === "boolean" ? false : null;
  const id = org.ids.next(meta.keyPrefix, explicitIds);
  Object.assign(rec, {
    Id: id,
    Username: `admin@clearinghouse.demo${org.info.isSandbox ? ".sandbox" : ""}`,
    LastName: "Admin",
    FirstName: "Emulator",
    Name: "Emulator Admin",
    CompanyName: "Clearinghouse",
    Email: "admin@clearinghouse.demo",
    Alias: "eadmin",
    IsActive: true,
    TimeZoneSidKey: "GMT",
    LocaleSidKey: "en_US",
    EmailEncodingKey: "UTF-8",
    LanguageLocaleKey: "en_US",
    ProfileId: org.standardProfileId,
    UserType: "Standard",
    CreatedDate: stamp,
    CreatedById: id,
    LastModifiedDate: stamp,
    LastModifiedById: id,
    SystemModstamp: stamp,
  });
  return rec;
}

function exportCustomField(meta: ObjectMeta, def: CustomFieldDef): CustomFieldDef {
  const f = meta.fieldByLower.get(def.name.toLowerCase())!;
  const out: CustomFieldDef = {
    name: f.name,
    type: def.type,
    label: f.label,
    length: f.length,
    precision: f.precision,
    scale: f.scale,
    externalId: f.externalId,
    unique: f.unique,
    updateable: f.updateable,
    createable: f.createable,
  };
  const optionalKeys = [
    "required",
    "caseSensitive",
    "picklistValues",
    "restrictedPicklist",
    "referenceTo",
    "relationshipName",
    "childRelationshipName",
  ] as const;
  for (const key of optionalKeys) {
    if (def[key] !== undefined) (out as Record<string, unknown>)[key] = def[key];
  }
  return out;
}

/** The org's current state in the fixture shape (deleted records included, as queryAll sees them). */
export function exportSalesforceState(org: OrgData): SalesforceFixture {
  const objects: Record<string, Record<string, unknown>[]> = {};
  for (const meta of org.registry.objects) {
    if (meta.name === "Organization") continue;
    const table = org.store.table(meta);
    objects[meta.name] = [...table.byId.values()].map((rec) => renderRecord(meta, rec, EXPORT_API_VERSION));
  }
  const customFields: Record<string, CustomFieldDef[]> = {};
  for (const [objectName, defs] of Object.entries(org.registry.customFieldDefs)) {
    const meta = org.registry.get(objectName)!;
    customFields[meta.name] = defs.map((def) => exportCustomField(meta, def));
  }
  const customObjects: CustomObjectDef[] = org.registry.customObjectDefs.map((d) => ({
    name: d.name,
    label: d.label,
    labelPlural: d.labelPlural ?? `${d.label}s`,
    keyPrefix: d.keyPrefix,
  }));
  return {
    org: {
      id: org.info.id,
      name: org.info.name,
      isSandbox: org.info.isSandbox,
      instanceName: org.info.instanceName,
      dailyApiRequests: org.info.dailyApiRequests ?? DEFAULT_DAILY_API_REQUESTS,
    },
    objects,
    customFields,
    customObjects,
  };
}
