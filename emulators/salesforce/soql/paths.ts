// Field paths such as `Name`, `Owner.Email` or `Account.Owner.Name`: resolution against the
// schema (with Salesforce's INVALID_FIELD messages) and evaluation against stored records.

import { field } from "../metadata/field-builder";
import type { FieldMeta, ObjectMeta } from "../metadata/types";
import type { OrgData } from "../org";
import { fieldValue } from "../records";
import { isDeleted } from "../store";
import type { SfRecord, StoredValue } from "../values";

export interface PathStep {
  ref: FieldMeta;
  relationshipName: string;
  /** polymorphic lookups (What, Who) may point at any of these */
  targets: ObjectMeta[];
  polymorphic: boolean;
}

export interface FieldPath {
  steps: PathStep[];
  field: FieldMeta;
  /** polymorphic targets expose a "Name" entity with Id, Name and Type */
  pseudo?: "Name" | "Type";
  /** canonical dotted name, e.g. Owner.Email */
  canonical: string;
}

/** Thrown by resolvers; the caller adds the query echo and caret. */
export class PathError extends Error {
  constructor(
    message: string,
    readonly token: string,
  ) {
    super(message);
  }
}

const NAME_ENTITY_FIELDS: Record<string, FieldMeta> = {
  id: field("Id", "id", { readOnly: true }),
  name: field("Name", "string", { readOnly: true }),
  type: field("Type", "picklist", { readOnly: true }),
};

export function noSuchColumn(name: string, entity: string): string {
  return `No such column '${name}' on entity '${entity}'. If you are attempting to use a custom field, be sure to append the '__c' after the custom field name. Please reference your WSDL or the describe call for the appropriate names.`;
}

function badRelationship(name: string): string {
  return `Didn't understand relationship '${name}' in field path. If you are attempting to use a custom relationship, be sure to append the '__r' after the custom relationship name. Please reference your WSDL or the describe call for the appropriate names.`;
}

export function resolvePath(org: OrgData, root: ObjectMeta, dotted: string): FieldPath {
  let segments = dotted.split(".").map((s) => s.trim());
  // `SELECT Account.Name FROM Account`: a leading object name qualifies the field.
  if (segments.length > 1 && segments[0]!.toLowerCase() === root.name.toLowerCase() && !root.relationshipByLower.has(segments[0]!.toLowerCase())) {
    segments = segments.slice(1);
  }
  const steps: PathStep[] = [];
  let current: ObjectMeta | undefined = root;
  let polymorphicTargets: ObjectMeta[] | undefined;
  const canonical: string[] = [];
  for (let i = 0; i < segments.length - 1; i++) {
    const name = segments[i]!;
    if (polymorphicTargets || !current) throw new PathError(badRelationship(name), name);
    const ref = current.relationshipByLower.get(name.toLowerCase());
    if (!ref) throw new PathError(badRelationship(name), name);
    const targets: ObjectMeta[] = ref.referenceTo.map((t) => org.object(t)).filter((o): o is ObjectMeta => o !== undefined);
    if (targets.length === 0) {
      throw new PathError(`${badRelationship(name)} (the emulator does not store ${ref.referenceTo.join(", ")} records)`, name);
    }
    const polymorphic = ref.polymorphic || targets.length > 1;
    steps.push({ ref, relationshipName: ref.relationshipName ?? name, targets, polymorphic });
    canonical.push(ref.relationshipName ?? name);
    if (polymorphic) {
      polymorphicTargets = targets;
      current = undefined;
    } else {
      current = targets[0];
    }
  }
  const last = segments[segments.length - 1]!;
  if (polymorphicTargets) {
    const f = NAME_ENTITY_FIELDS[last.toLowerCase()];
    if (!f) throw new PathError(noSuchColumn(last, "Name"), last);
    canonical.push(f.name);
    return {
      steps,
      field: f,
      pseudo: f.name === "Type" ? "Type" : f.name === "Name" ? "Name" : undefined,
      canonical: canonical.join("."),
    };
  }
  const f = current!.fieldByLower.get(last.toLowerCase());
  if (!f) throw new PathError(noSuchColumn(last, current!.name), last);
  canonical.push(f.name);
  return { steps, field: f, canonical: canonical.join(".") };
}

/** Looks up the record a lookup field points at; deleted or missing parents read as null. */
export function followStep(org: OrgData, rec: SfRecord, step: PathStep): { meta: ObjectMeta; rec: SfRecord } | undefined {
  const id = rec[step.ref.name];
  if (typeof id !== "string") return undefined;
  const hit = org.store.find(id);
  if (!hit || isDeleted(hit.rec)) return undefined;
  if (!step.targets.includes(hit.table.meta)) return undefined;
  return { meta: hit.table.meta, rec: hit.rec };
}

export function pathValue(org: OrgData, rec: SfRecord, path: FieldPath): StoredValue {
  let cur = rec;
  let meta: ObjectMeta | undefined;
  for (const step of path.steps) {
    const next = followStep(org, cur, step);
    if (!next) return null;
    cur = next.rec;
    meta = next.meta;
  }
  if (path.pseudo === "Type") return meta?.name ?? null;
  if (path.pseudo === "Name") return meta ? (cur[meta.nameField.name] ?? null) : null;
  const v = fieldValue(cur, path.field);
  return v !== null && typeof v === "object" ? null : (v as StoredValue);
}

/** Reads a path for output, where compound (address) values are objects. */
export function pathOutput(org: OrgData, rec: SfRecord, path: FieldPath): unknown {
  if (path.steps.length === 0 && path.field.type === "address") return fieldValue(rec, path.field);
  return pathValue(org, rec, path);
}
