// A compact way to declare fields: the defaults below follow Salesforce's describe so each
// standard field only states what differs (length, required, read-only, picklist values).

import type { FieldMeta, FieldType, ObjectMeta } from "./types";

export interface FieldOptions {
  label?: string;
  length?: number;
  precision?: number;
  scale?: number;
  digits?: number;
  custom?: boolean;
  externalId?: boolean;
  unique?: boolean;
  caseSensitive?: boolean;
  idLookup?: boolean;
  createable?: boolean;
  updateable?: boolean;
  nillable?: boolean;
  /** required = not nillable, createable, and not defaulted: REQUIRED_FIELD_MISSING on insert */
  required?: boolean;
  defaultedOnCreate?: boolean;
  readOnly?: boolean;
  calculated?: boolean;
  autoNumber?: boolean;
  nameField?: boolean;
  picklist?: string[];
  defaultPicklistValue?: string;
  restrictedPicklist?: boolean;
  referenceTo?: string[];
  relationshipName?: string;
  childRelationshipName?: string;
  polymorphic?: boolean;
  cascadeDelete?: boolean;
  compoundPrefix?: string;
  compoundFieldName?: string;
}

const DEFAULT_LENGTH: Partial<Record<FieldType, number>> = {
  id: 18,
  reference: 18,
  string: 255,
  textarea: 32000,
  email: 80,
  url: 255,
  phone: 40,
  picklist: 255,
  combobox: 255,
  multipicklist: 4099,
};

function defaultLabel(name: string): string {
  const base = name.replace(/__c$/, "").replace(/_/g, " ");
  const spaced = base.replace(/([a-z0-9])([A-Z])/g, "$1 $2").replace(/\bId$/, "ID");
  return spaced;
}

export function field(name: string, type: FieldType, o: FieldOptions = {}): FieldMeta {
  const readOnly = o.readOnly ?? false;
  const nillable = o.nillable ?? (o.required ? false : type !== "boolean" && type !== "id");
  const length = o.length ?? DEFAULT_LENGTH[type] ?? 0;
  const longText = type === "textarea" && length > 255;
  const numeric = type === "double" || type === "currency" || type === "percent";
  return {
    name,
    label: o.label ?? defaultLabel(name),
    type,
    length,
    precision: o.precision ?? (numeric ? 18 : 0),
    scale: o.scale ?? (type === "currency" ? 2 : 0),
    digits: o.digits ?? (type === "int" ? 9 : 0),
    custom: o.custom ?? name.endsWith("__c"),
    externalId: o.externalId ?? false,
    unique: o.unique ?? false,
    caseSensitive: o.caseSensitive ?? false,
    idLookup: o.idLookup ?? (type === "id" || o.externalId === true || o.unique === true),
    createable: o.createable ?? !readOnly,
    updateable: o.updateable ?? !readOnly,
    nillable,
    defaultedOnCreate: o.defaultedOnCreate ?? (type === "boolean" || type === "id"),
    calculated: o.calculated ?? false,
    autoNumber: o.autoNumber ?? false,
    nameField: o.nameField ?? false,
    picklistValues: o.picklist ?? [],
    defaultPicklistValue: o.defaultPicklistValue ?? null,
    restrictedPicklist: o.restrictedPicklist ?? false,
    referenceTo: o.referenceTo ?? [],
    relationshipName: o.relationshipName ?? null,
    childRelationshipName: o.childRelationshipName ?? null,
    polymorphic: o.polymorphic ?? false,
    cascadeDelete: o.cascadeDelete ?? false,
    filterable: !longText && type !== "address",
    sortable: !longText && type !== "address" && type !== "multipicklist",
    groupable: !longText && type !== "address" && type !== "multipicklist" && !numeric && type !== "datetime",
    compoundPrefix: o.compoundPrefix ?? null,
    compoundFieldName: o.compoundFieldName ?? null,
  };
}

/** Read-only reference filled in by the server (CreatedById etc.). */
export function systemRef(name: string, label: string, relationshipName: string): FieldMeta {
  return field(name, "reference", {
    label,
    readOnly: true,
    nillable: false,
    defaultedOnCreate: true,
    referenceTo: ["User"],
    relationshipName,
  });
}

export function leadingSystemFields(): FieldMeta[] {
  return [
    field("Id", "id", { label: "Record ID", readOnly: true, nillable: false, defaultedOnCreate: true }),
    field("IsDeleted", "boolean", { label: "Deleted", readOnly: true }),
  ];
}

export function ownerField(): FieldMeta {
  return field("OwnerId", "reference", {
    label: "Owner ID",
    nillable: false,
    defaultedOnCreate: true,
    referenceTo: ["User"],
    relationshipName: "Owner",
  });
}

export function trailingSystemFields(): FieldMeta[] {
  const stamp = (name: string, label: string): FieldMeta =>
    field(name, "datetime", { label, readOnly: true, nillable: false, defaultedOnCreate: true });
  return [
    stamp("CreatedDate", "Created Date"),
    systemRef("CreatedById", "Created By ID", "CreatedBy"),
    stamp("LastModifiedDate", "Last Modified Date"),
    systemRef("LastModifiedById", "Last Modified By ID", "LastModifiedBy"),
    stamp("SystemModstamp", "System Modstamp"),
  ];
}

/** Street/City/State/PostalCode/Country/Latitude/Longitude plus the read-only compound. */
export function addressFields(prefix: string, labelPrefix: string): FieldMeta[] {
  const compound = `${prefix}Address`;
  const part = (suffix: string, type: "string" | "textarea" | "double", length: number, label: string): FieldMeta =>
    field(`${prefix}${suffix}`, type, {
      label: `${labelPrefix} ${label}`,
      length: type === "double" ? 0 : length,
      precision: type === "double" ? 18 : undefined,
      scale: type === "double" ? 15 : undefined,
      compoundFieldName: compound,
    });
  return [
    part("Street", "textarea", 255, "Street"),
    part("City", "string", 40, "City"),
    part("State", "string", 80, "State/Province"),
    part("PostalCode", "string", 20, "Zip/Postal Code"),
    part("Country", "string", 80, "Country"),
    part("Latitude", "double", 0, "Latitude"),
    part("Longitude", "double", 0, "Longitude"),
    field(compound, "address", { label: `${labelPrefix} Address`, readOnly: true, compoundPrefix: prefix }),
  ];
}

export function buildObject(init: {
  name: string;
  label: string;
  labelPlural: string;
  keyPrefix: string;
  custom?: boolean;
  createable?: boolean;
  updateable?: boolean;
  deletable?: boolean;
  fields: FieldMeta[];
}): ObjectMeta {
  const fieldByLower = new Map<string, FieldMeta>();
  const relationshipByLower = new Map<string, FieldMeta>();
  for (const f of init.fields) {
    fieldByLower.set(f.name.toLowerCase(), f);
    if (f.relationshipName) relationshipByLower.set(f.relationshipName.toLowerCase(), f);
  }
  const nameField = init.fields.find((f) => f.nameField) ?? init.fields.find((f) => f.name === "Id");
  if (!nameField) throw new Error(`Object ${init.name} has no Id field`);
  return {
    name: init.name,
    label: init.label,
    labelPlural: init.labelPlural,
    keyPrefix: init.keyPrefix,
    custom: init.custom ?? false,
    createable: init.createable ?? true,
    updateable: init.updateable ?? true,
    deletable: init.deletable ?? true,
    queryable: true,
    fields: init.fields,
    fieldByLower,
    relationshipByLower,
    childRelationships: [],
    nameField,
  };
}
