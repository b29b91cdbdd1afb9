// The org's schema: standard objects plus the custom objects and fields a fixture declares.
// Rebuilt from scratch whenever a fixture is loaded, so there is one source of truth and
// export can reproduce exactly what was declared.

import { field, buildObject } from "./field-builder";
import { customObjectBaseFields, FOREIGN_KEY_PREFIXES, standardObjects } from "./standard-objects";
import type { FieldMeta, ObjectMeta } from "./types";
import type { CustomFieldDef, CustomObjectDef } from "../fixture-schema";

export class MetadataRegistry {
  readonly objects: ObjectMeta[];
  private readonly byLower = new Map<string, ObjectMeta>();
  private readonly byPrefix = new Map<string, ObjectMeta>();

  private constructor(
    objects: ObjectMeta[],
    readonly customObjectDefs: CustomObjectDef[],
    readonly customFieldDefs: Record<string, CustomFieldDef[]>,
  ) {
    this.objects = objects;
    for (const o of objects) {
      this.byLower.set(o.name.toLowerCase(), o);
      this.byPrefix.set(o.keyPrefix, o);
    }
    computeChildRelationships(objects);
  }

  static build(customObjects: CustomObjectDef[] = [], customFields: Record<string, CustomFieldDef[]> = {}): MetadataRegistry {
    const objects = standardObjects();
    const taken = new Map<string, string>(objects.map((o) => [o.keyPrefix, o.name]));
    for (const [name, prefix] of Object.entries(FOREIGN_KEY_PREFIXES)) taken.set(prefix, name);
    const names = new Set(objects.map((o) => o.name.toLowerCase()));
    for (const def of customObjects) {
      if (!/^[A-Za-z][A-Za-z0-9_]*__c$/.test(def.name)) {
        throw new Error(`customObjects: "${def.name}" is not a custom object API name (it must end in __c)`);
      }
      if (names.has(def.name.toLowerCase())) throw new Error(`customObjects: "${def.name}" is declared twice`);
      const owner = taken.get(def.keyPrefix);
      if (owner) throw new Error(`customObjects: key prefix "${def.keyPrefix}" of ${def.name} is already used by ${owner}`);
      taken.set(def.keyPrefix, def.name);
      names.add(def.name.toLowerCase());
      objects.push(
        buildObject({
          name: def.name,
          label: def.label,
          labelPlural: def.labelPlural ?? `${def.label}s`,
          keyPrefix: def.keyPrefix,
          custom: true,
          fields: customObjectBaseFields(def.label),
        }),
      );
    }
    const canonicalFields: Record<string, CustomFieldDef[]> = {};
    for (const [objectName, defs] of Object.entries(customFields)) {
      const object = objects.find((o) => o.name.toLowerCase() === objectName.toLowerCase());
      if (!object) throw new Error(`customFields: object "${objectName}" is neither a standard object nor declared in customObjects`);
      for (const def of defs) {
        if (!/^[A-Za-z][A-Za-z0-9_]*__c$/.test(def.name)) {
          throw new Error(`customFields.${object.name}: "${def.name}" is not a custom field API name (it must end in __c)`);
        }
        if (object.fieldByLower.has(def.name.toLowerCase())) {
          throw new Error(`customFields.${object.name}: field "${def.name}" is declared twice`);
        }
        const meta = customFieldMeta(def);
        if (meta.type === "reference") {
          for (const target of meta.referenceTo) {
            if (!objects.some((o) => o.name === target) && !(target in FOREIGN_KEY_PREFIXES)) {
              throw new Error(`customFields.${object.name}.${def.name}: referenceTo "${target}" is not a known object`);
            }
          }
        }
        object.fields.push(meta);
        object.fieldByLower.set(meta.name.toLowerCase(), meta);
        if (meta.relationshipName) object.relationshipByLower.set(meta.relationshipName.toLowerCase(), meta);
      }
      canonicalFields[object.name] = defs.map((d) => ({ ...d }));
    }
    return new MetadataRegistry(objects, customObjects.map((d) => ({ ...d })), canonicalFields);
  }

  get(name: string): ObjectMeta | undefined {
    return this.byLower.get(name.toLowerCase());
  }

  byKeyPrefix(prefix: string): ObjectMeta | undefined {
    return this.byPrefix.get(prefix);
  }

  objectForId(id: string): ObjectMeta | undefined {
    return this.byPrefix.get(id.slice(0, 3));
  }
}

function customFieldMeta(def: CustomFieldDef): FieldMeta {
  const isRef = def.type === "reference";
  const referenceTo = def.referenceTo ?? [];
  if (isRef && referenceTo.length === 0) {
    throw new Error(`custom field ${def.name}: a reference field needs referenceTo`);
  }
  return field(def.name, def.type, {
    label: def.label,
    length: def.length,
    precision: def.precision,
    scale: def.scale,
    custom: true,
    externalId: def.externalId,
    unique: def.unique,
    caseSensitive: def.caseSensitive ?? false,
    createable: def.createable,
    updateable: def.updateable,
    required: def.required ?? false,
    picklist: def.picklistValues,
    restrictedPicklist: def.restrictedPicklist ?? false,
    referenceTo: isRef ? referenceTo : undefined,
    relationshipName: isRef ? def.relationshipName ?? def.name.replace(/__c$/, "__r") : undefined,
    childRelationshipName: isRef ? def.childRelationshipName : undefined,
    cascadeDelete: false,
  });
}

function computeChildRelationships(objects: ObjectMeta[]): void {
  for (const parent of objects) parent.childRelationships = [];
  for (const child of objects) {
    for (const f of child.fields) {
      if (f.type !== "reference") continue;
      for (const target of f.referenceTo) {
        const parent = objects.find((o) => o.name === target);
        if (!parent) continue;
        const relationshipName =
          f.childRelationshipName ?? (f.custom ? `${child.name.replace(/__c$/, "")}s__r` : null);
        if (!relationshipName) continue;
        parent.childRelationships.push({
          childSObject: child.name,
          field: f.name,
          relationshipName,
          cascadeDelete: f.cascadeDelete,
        });
      }
    }
  }
}
