// In-memory metadata: what an object and a field are, in the terms describe uses.

export const FIELD_TYPES = [
  "id",
  "string",
  "textarea",
  "email",
  "url",
  "phone",
  "picklist",
  "multipicklist",
  "combobox",
  "boolean",
  "int",
  "double",
  "currency",
  "percent",
  "date",
  "datetime",
  "reference",
  "address",
] as const;

export type FieldType = (typeof FIELD_TYPES)[number];

/** Types a fixture may declare for a custom field (compound and id types are system-only). */
export const CUSTOM_FIELD_TYPES = [
  "string",
  "textarea",
  "email",
  "url",
  "phone",
  "picklist",
  "multipicklist",
  "boolean",
  "int",
  "double",
  "currency",
  "percent",
  "date",
  "datetime",
  "reference",
] as const;

export interface FieldMeta {
  name: string;
  label: string;
  type: FieldType;
  length: number;
  precision: number;
  scale: number;
  digits: number;
  custom: boolean;
  externalId: boolean;
  unique: boolean;
  caseSensitive: boolean;
  idLookup: boolean;
  createable: boolean;
  updateable: boolean;
  nillable: boolean;
  defaultedOnCreate: boolean;
  calculated: boolean;
  autoNumber: boolean;
  nameField: boolean;
  picklistValues: string[];
  defaultPicklistValue: string | null;
  restrictedPicklist: boolean;
  referenceTo: string[];
  relationshipName: string | null;
  /** For custom lookups: the name of the child relationship on the parent (e.g. Subscriptions__r). */
  childRelationshipName: string | null;
  polymorphic: boolean;
  cascadeDelete: boolean;
  filterable: boolean;
  sortable: boolean;
  groupable: boolean;
  /** Address compound fields: prefix of the component fields (e.g. "Billing"). */
  compoundPrefix: string | null;
  /** Component of a compound field (e.g. BillingCity → BillingAddress). */
  compoundFieldName: string | null;
}

export interface ChildRelationship {
  childSObject: string;
  field: string;
  relationshipName: string;
  cascadeDelete: boolean;
}

export interface ObjectMeta {
  name: string;
  label: string;
  labelPlural: string;
  keyPrefix: string;
  custom: boolean;
  createable: boolean;
  updateable: boolean;
  deletable: boolean;
  queryable: boolean;
  fields: FieldMeta[];
  fieldByLower: Map<string, FieldMeta>;
  /** relationshipName (lowercase) → the reference field that carries it */
  relationshipByLower: Map<string, FieldMeta>;
  childRelationships: ChildRelationship[];
  nameField: FieldMeta;
}

export function isTextType(type: FieldType): boolean {
  return (
    type === "string" ||
    type === "textarea" ||
    type === "email" ||
    type === "url" ||
    type === "phone" ||
    type === "picklist" ||
    type === "multipicklist" ||
    type === "combobox"
  );
}

export function isNumberType(type: FieldType): boolean {
  return type === "int" || type === "double" || type === "currency" || type === "percent";
}

export function isIdType(type: FieldType): boolean {
  return type === "id" || type === "reference";
}
