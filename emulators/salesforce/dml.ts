// Record writes shared by single-record REST, sObject Collections, Bulk API 2.0 and the admin
// merge. Validation happens in Salesforce's order (field names, field-level access, types,
// required fields, references, uniqueness) and every failure is a DmlError carrying the
// vendor's status code, so each API only decides how to render it.

import { DmlError } from "./errors";
import { normalizeId } from "./ids";
import { derive, applyInsertDefaults } from "./derived";
import type { FieldMeta, ObjectMeta } from "./metadata/types";
import type { OrgData } from "./org";
import { isDeleted, type Tx } from "./store";
import { coerceValue, indexKey, type SfRecord, type StoredValue, type ValueSource } from "./values";

export interface WriteContext {
  org: OrgData;
  tx: Tx;
  userId: string;
  source: ValueSource;
}

/** Upsert found more than one record for the external ID value. */
export class MultipleMatchError extends DmlError {
  constructor(
    readonly ids: string[],
    fieldName: string,
  ) {
    super("DUPLICATE_EXTERNAL_ID", `${fieldName}: more than one record found for external id field: [${ids.join(", ")}]`, [
      fieldName,
    ]);
  }
}

type Changes = Map<FieldMeta, StoredValue>;

const CSV_NULL = "#N/A";

function resolveParentByExternalId(
  ctx: WriteContext,
  refField: FieldMeta,
  lookupFieldName: string,
  rawValue: unknown,
): string | null {
  const targetName = refField.referenceTo[0];
  const target = targetName ? ctx.org.object(targetName) : undefined;
  if (!target) {
    throw new DmlError("INVALID_FIELD", `Cannot resolve relationship ${refField.relationshipName}`, [refField.name]);
  }
  if (rawValue === null || rawValue === undefined || rawValue === "" || rawValue === CSV_NULL) return null;
  const lookupField = target.fieldByLower.get(lookupFieldName.toLowerCase());
  if (!lookupField || !(lookupField.externalId || lookupField.type === "id" || lookupField.unique)) {
    throw new DmlError(
      "INVALID_FIELD",
      `Field name provided, ${lookupFieldName} is not an External ID or indexed field for ${target.name}`,
      [refField.name],
    );
  }
  const table = ctx.org.store.table(target);
  const value = String(rawValue);
  let ids: string[];
  if (lookupField.type === "id") {
    const id = normalizeId(value);
    ids = id && table.get(id) && !isDeleted(table.get(id)!) ? [id] : [];
  } else {
    const key = indexKey(lookupField, value);
    ids = key === undefined ? [] : table.findBy(lookupField.name, key);
  }
  if (ids.length === 0) {
    throw new DmlError(
      "INVALID_FIELD",
      `Foreign key external ID: ${value} not found for field ${lookupField.name} in entity ${target.name}`,
      [refField.name],
    );
  }
  if (ids.length > 1) {
    throw new DmlError(
      "INVALID_FIELD",
      `Foreign key external ID: ${value} matches multiple records for field ${lookupField.name} in entity ${target.name}`,
      [refField.name],
    );
  }
  return ids[0]!;
}

/** Turns a request's field map into typed changes, rejecting unknown and read-only fields. */
function resolveChanges(ctx: WriteContext, meta: ObjectMeta, input: Record<string, unknown>, mode: "insert" | "update"): Changes {
  const changes: Changes = new Map();
  const forbidden: string[] = [];
  for (const [key, raw] of Object.entries(input)) {
    if (key === "attributes") continue;
    if (ctx.source === "csv" && raw === "") continue; // Bulk: empty cell = leave unchanged
    const value = ctx.source === "csv" && raw === CSV_NULL ? null : raw;
    const dot = key.indexOf(".");
    if (dot > 0 || (value !== null && typeof value === "object" && !Array.isArray(value))) {
      // Parent by external ID: CSV column "Account.Ext__c" or JSON {"Account": {"Ext__c": "x"}}
      const relName = dot > 0 ? key.slice(0, dot) : key;
      const refField = meta.relationshipByLower.get(relName.toLowerCase());
      if (!refField || refField.polymorphic) {
        throw new DmlError("INVALID_FIELD", `No such column '${key}' on sobject of type ${meta.name}`, [key]);
      }
      let lookupName: string;
      let lookupValue: unknown;
      if (dot > 0) {
        lookupName = key.slice(dot + 1);
        lookupValue = value;
      } else {
        const entries = Object.entries(value as Record<string, unknown>).filter(([k]) => k !== "attributes");
        if (entries.length !== 1) {
          throw new DmlError("INVALID_FIELD", `Relationship ${relName} must name exactly one external ID field`, [key]);
        }
        [lookupName, lookupValue] = entries[0]!;
      }
      if (mode === "insert" ? !refField.createable : !refField.updateable) forbidden.push(refField.name);
      changes.set(refField, resolveParentByExternalId(ctx, refField, lookupName, lookupValue));
      continue;
    }
    const f = meta.fieldByLower.get(key.toLowerCase());
    if (!f) throw new DmlError("INVALID_FIELD", `No such column '${key}' on sobject of type ${meta.name}`, [key]);
    if (f.type === "id") {
      throw new DmlError("INVALID_FIELD", "The Id field should not be specified in the sobject data.", ["Id"]);
    }
    if (mode === "insert" ? !f.createable : !f.updateable) {
      forbidden.push(f.name);
      continue;
    }
    const coerced = coerceValue(f, value, ctx.source, ctx.org);
    if (!coerced.ok) throw new DmlError(coerced.error.statusCode, coerced.error.message, coerced.error.fields);
    changes.set(f, coerced.value);
  }
  if (forbidden.length > 0) {
    throw new DmlError(
      "INVALID_FIELD_FOR_INSERT_UPDATE",
      `Unable to create/update fields: ${forbidden.join(", ")}. Please check the security settings of this field and verify that it is read/write for your profile or permission set.`,
      forbidden,
    );
  }
  return changes;
}

function checkRequired(meta: ObjectMeta, rec: SfRecord, onlyFields?: Set<FieldMeta>): void {
  const missing = meta.fields
    .filter((f) => !f.nillable && f.createable && !f.defaultedOnCreate && f.type !== "boolean")
    .filter((f) => !onlyFields || onlyFields.has(f))
    .filter((f) => rec[f.name] === null || rec[f.name] === undefined || rec[f.name] === "")
    .map((f) => f.name);
  if (missing.length > 0) {
    throw new DmlError("REQUIRED_FIELD_MISSING", `Required fields are missing: [${missing.join(", ")}]`, missing);
  }
}

function checkReferences(ctx: WriteContext, changes: Changes): void {
  for (const [f, value] of changes) {
    if (f.type !== "reference" || typeof value !== "string") continue;
    const target = ctx.org.registry.objectForId(value);
    if (!target) continue; // points at an object the emulator does not store (Profile, Lead...)
    if (!ctx.org.findLive(value)) {
      throw new DmlError("INVALID_CROSS_REFERENCE_KEY", `${f.label}: id value of incorrect type: ${value}`, [f.name]);
    }
  }
}

function checkUnique(ctx: WriteContext, meta: ObjectMeta, rec: SfRecord): void {
  const table = ctx.org.store.table(meta);
  for (const f of meta.fields) {
    if (!f.unique) continue;
    const key = indexKey(f, rec[f.name] ?? null);
    if (key === undefined) continue;
    const other = table.findBy(f.name, key).find((id) => id !== rec.Id);
    if (other) {
      throw new DmlError("DUPLICATE_VALUE", `duplicate value found: ${f.name} duplicates value on record with id: ${other}`, [
        f.name,
      ]);
    }
  }
}

function blankRecord(meta: ObjectMeta): SfRecord {
  const rec: SfRecord = {};
  for (const f of meta.fields) {
    if (f.type === "address") continue;
    rec[f.name] = f.type === "boolean" ? false : null;
  }
  return rec;
}

export function insertRecord(ctx: WriteContext, meta: ObjectMeta, input: Record<string, unknown>): SfRecord {
  if (!meta.createable) {
    throw new DmlError("INSUFFICIENT_ACCESS_OR_READONLY", `entity type ${meta.name} does not support insert`);
  }
  const changes = resolveChanges(ctx, meta, input, "insert");
  const rec = blankRecord(meta);
  for (const [f, v] of changes) rec[f.name] = v;
  const id = ctx.org.newId(meta);
  rec.Id = id;
  if ("IsDeleted" in rec) rec.IsDeleted = false;
  applyInsertDefaults(ctx, meta, rec, changes);
  rec.CreatedDate = ctx.tx.stamp;
  rec.CreatedById = ctx.userId;
  rec.LastModifiedDate = ctx.tx.stamp;
  rec.LastModifiedById = ctx.userId;
  rec.SystemModstamp = ctx.tx.stamp;
  derive(ctx, meta, rec, undefined, changes);
  checkRequired(meta, rec);
  checkReferences(ctx, changes);
  checkUnique(ctx, meta, rec);
  ctx.org.store.table(meta).put(rec, ctx.tx);
  return rec;
}

/** The live record or the error Salesforce gives for a missing / deleted one. */
export function requireLive(ctx: WriteContext, meta: ObjectMeta, id: string): SfRecord {
  const rec = ctx.org.store.table(meta).get(id);
  if (!rec) throw new DmlError("INVALID_CROSS_REFERENCE_KEY", "invalid cross reference id", []);
  if (isDeleted(rec)) throw new DmlError("ENTITY_IS_DELETED", "entity is deleted", []);
  return rec;
}

/** Parses an ID for a DML call on `meta`, MALFORMED_ID when it is not one of that object's IDs. */
export function parseRecordId(meta: ObjectMeta, raw: unknown): string {
  const text = typeof raw === "string" ? raw.trim() : String(raw);
  const id = normalizeId(text);
  if (!id || id.slice(0, 3) !== meta.keyPrefix) {
    throw new DmlError("MALFORMED_ID", `${meta.label} ID: id value of incorrect type: ${text}`, ["Id"]);
  }
  return id;
}

export function updateRecord(ctx: WriteContext, meta: ObjectMeta, id: string, input: Record<string, unknown>): SfRecord {
  if (!meta.updateable) {
    throw new DmlError("INSUFFICIENT_ACCESS_OR_READONLY", `entity type ${meta.name} does not support update`);
  }
  const prev = requireLive(ctx, meta, id);
  const cleaned: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(input)) {
    if (k.toLowerCase() === "id") {
      if (v !== null && v !== undefined && normalizeId(String(v)) !== id) {
        throw new DmlError("INVALID_FIELD", "The Id field should not be specified in the sobject data.", ["Id"]);
      }
      continue;
    }
    cleaned[k] = v;
  }
  const changes = resolveChanges(ctx, meta, cleaned, "update");
  const rec: SfRecord = { ...prev };
  for (const [f, v] of changes) rec[f.name] = v;
  rec.LastModifiedDate = ctx.tx.stamp;
  rec.LastModifiedById = ctx.userId;
  rec.SystemModstamp = ctx.tx.stamp;
  derive(ctx, meta, rec, prev, changes);
  checkRequired(meta, rec, new Set(changes.keys()));
  checkReferences(ctx, changes);
  ctx.org.validationRules.check(meta, id, changes.keys());
  checkUnique(ctx, meta, rec);
  ctx.org.store.table(meta).put(rec, ctx.tx);
  for (const f of changes.keys()) ctx.org.fieldWrites.set(`${id}.${f.name}`, (ctx.org.fieldWrites.get(`${id}.${f.name}`) ?? 0) + 1);
  return rec;
}

/** Fields an upsert may key on: Id, or a field marked as an external ID. */
export function upsertKeyField(meta: ObjectMeta, name: string): FieldMeta | undefined {
  const f = meta.fieldByLower.get(name.toLowerCase());
  if (!f) return undefined;
  return f.type === "id" || f.externalId ? f : undefined;
}

export function upsertRecord(
  ctx: WriteContext,
  meta: ObjectMeta,
  keyField: FieldMeta,
  keyValue: unknown,
  input: Record<string, unknown>,
): { rec: SfRecord; created: boolean } {
  const body: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(input)) {
    if (k.toLowerCase() !== keyField.name.toLowerCase()) body[k] = v;
  }
  if (keyField.type === "id") {
    if (keyValue === null || keyValue === undefined || keyValue === "") {
      return { rec: insertRecord(ctx, meta, body), created: true };
    }
    const id = parseRecordId(meta, keyValue);
    return { rec: updateRecord(ctx, meta, id, body), created: false };
  }
  if (keyValue === null || keyValue === undefined || keyValue === "" || keyValue === CSV_NULL) {
    throw new DmlError("MISSING_ARGUMENT", `${keyField.name} not specified`, [keyField.name]);
  }
  const coerced = coerceValue(keyField, keyValue, ctx.source, ctx.org);
  if (!coerced.ok) throw new DmlError(coerced.error.statusCode, coerced.error.message, coerced.error.fields);
  const key = indexKey(keyField, coerced.value);
  const ids = key === undefined ? [] : ctx.org.store.table(meta).findBy(keyField.name, key);
  if (ids.length > 1) throw new MultipleMatchError(ids, keyField.name);
  if (ids.length === 1) return { rec: updateRecord(ctx, meta, ids[0]!, body), created: false };
  return { rec: insertRecord(ctx, meta, { ...body, [keyField.name]: coerced.value }), created: true };
}

export function deleteRecord(ctx: WriteContext, meta: ObjectMeta, id: string): void {
  if (!meta.deletable || !meta.fieldByLower.has("isdeleted")) {
    throw new DmlError("INSUFFICIENT_ACCESS_OR_READONLY", "insufficient access rights on object id", []);
  }
  const prev = requireLive(ctx, meta, id);
  softDelete(ctx, meta, prev, {});
}

/** Recycle-bin delete: the row stays for queryAll and /deleted, cascading like Salesforce does. */
function softDelete(ctx: WriteContext, meta: ObjectMeta, prev: SfRecord, extra: SfRecord): void {
  const rec: SfRecord = {
    ...prev,
    ...extra,
    IsDeleted: true,
    LastModifiedDate: ctx.tx.stamp,
    LastModifiedById: ctx.userId,
    SystemModstamp: ctx.tx.stamp,
  };
  ctx.org.store.table(meta).put(rec, ctx.tx);
  const id = String(prev.Id);
  for (const rel of meta.childRelationships) {
    if (!rel.cascadeDelete) continue;
    const childMeta = ctx.org.object(rel.childSObject);
    if (!childMeta) continue;
    const table = ctx.org.store.table(childMeta);
    for (const child of [...table.byId.values()]) {
      if (child[rel.field] === id && !isDeleted(child)) softDelete(ctx, childMeta, child, {});
    }
  }
}

/**
 * Merge: the losing record goes to the recycle bin with MasterRecordId pointing at the winner,
 * and its children move to the winner (what the merge UI and API do).
 */
export function mergeRecords(ctx: WriteContext, masterId: string, mergedId: string): void {
  if (masterId === mergedId) throw new DmlError("INVALID_OPERATION", "cannot merge a record with itself");
  const master = ctx.org.findLive(masterId);
  const merged = ctx.org.findLive(mergedId);
  if (!master || !merged) throw new DmlError("ENTITY_IS_DELETED", "entity is deleted", []);
  if (master.meta !== merged.meta || !master.meta.fieldByLower.has("masterrecordid")) {
    throw new DmlError("INVALID_OPERATION", `Cannot merge ${merged.meta.name} into ${master.meta.name}`);
  }
  const meta = master.meta;
  for (const rel of meta.childRelationships) {
    const childMeta = ctx.org.object(rel.childSObject);
    if (!childMeta) continue;
    const table = ctx.org.store.table(childMeta);
    for (const child of [...table.byId.values()]) {
      if (child[rel.field] !== mergedId || isDeleted(child)) continue;
      const moved: SfRecord = { ...child, [rel.field]: masterId, SystemModstamp: ctx.tx.stamp };
      table.put(moved, ctx.tx);
    }
  }
  ctx.org.store.table(meta).put({ ...master.rec, LastModifiedDate: ctx.tx.stamp, LastModifiedById: ctx.userId, SystemModstamp: ctx.tx.stamp }, ctx.tx);
  const loser = ctx.org.store.table(meta).get(mergedId)!;
  const rec: SfRecord = {
    ...loser,
    MasterRecordId: masterId,
    IsDeleted: true,
    LastModifiedDate: ctx.tx.stamp,
    LastModifiedById: ctx.userId,
    SystemModstamp: ctx.tx.stamp,
  };
  ctx.org.store.table(meta).put(rec, ctx.tx);
}
