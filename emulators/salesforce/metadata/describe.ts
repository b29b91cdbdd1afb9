// describeGlobal and sObject describe bodies (spec §4), generated from the metadata.

import type { FieldMeta, ObjectMeta } from "./types";

const SOAP_TYPES: Record<string, string> = {
  id: "tns:ID",
  reference: "tns:ID",
  boolean: "xsd:boolean",
  int: "xsd:int",
  double: "xsd:double",
  currency: "xsd:double",
  percent: "xsd:double",
  date: "xsd:date",
  datetime: "xsd:dateTime",
  address: "urn:address",
};

function urls(version: string, name: string): Record<string, string> {
  const base = `/services/data/v${version}/sobjects/${name}`;
  return { rowTemplate: `${base}/{ID}`, describe: `${base}/describe`, sobject: base };
}

export function globalEntry(meta: ObjectMeta, version: string): Record<string, unknown> {
  return {
    activateable: false,
    associateEntityType: null,
    associateParentEntity: null,
    createable: meta.createable,
    custom: meta.custom,
    customSetting: false,
    deepCloneable: false,
    deletable: meta.deletable,
    deprecatedAndHidden: false,
    feedEnabled: !meta.custom,
    hasSubtypes: false,
    isInterface: false,
    isSubtype: false,
    keyPrefix: meta.keyPrefix,
    label: meta.label,
    labelPlural: meta.labelPlural,
    layoutable: meta.createable,
    mergeable: meta.name === "Account" || meta.name === "Contact",
    mruEnabled: true,
    name: meta.name,
    queryable: meta.queryable,
    replicateable: true,
    retrieveable: true,
    searchable: meta.createable,
    triggerable: meta.createable,
    undeletable: meta.deletable,
    updateable: meta.updateable,
    urls: urls(version, meta.name),
  };
}

function describeField(f: FieldMeta): Record<string, unknown> {
  const isText = ["string", "textarea", "email", "url", "phone", "picklist", "multipicklist", "combobox"].includes(f.type);
  return {
    aggregatable: f.type !== "textarea" && f.type !== "address",
    aiPredictionField: false,
    autoNumber: f.autoNumber,
    byteLength: isText || f.type === "id" || f.type === "reference" ? f.length * 3 : 0,
    calculated: f.calculated,
    calculatedFormula: null,
    cascadeDelete: f.cascadeDelete,
    caseSensitive: f.caseSensitive,
    compoundFieldName: f.compoundFieldName,
    controllerName: null,
    createable: f.createable,
    custom: f.custom,
    defaultValue: f.defaultPicklistValue,
    defaultValueFormula: null,
    defaultedOnCreate: f.defaultedOnCreate,
    dependentPicklist: false,
    deprecatedAndHidden: false,
    digits: f.digits,
    displayLocationInDecimal: false,
    encrypted: false,
    externalId: f.externalId,
    extraTypeInfo: f.type === "textarea" ? "plaintextarea" : null,
    filterable: f.filterable,
    filteredLookupInfo: null,
    groupable: f.groupable,
    highScaleNumber: false,
    htmlFormatted: false,
    idLookup: f.idLookup,
    inlineHelpText: null,
    label: f.label,
    length: f.length,
    mask: null,
    maskType: null,
    name: f.name,
    nameField: f.nameField,
    namePointing: f.polymorphic,
    nillable: f.nillable,
    permissionable: f.custom && f.nillable,
    picklistValues: f.picklistValues.map((value) => ({
      active: true,
      defaultValue: value === f.defaultPicklistValue,
      label: value,
      validFor: null,
      value,
    })),
    polymorphicForeignKey: f.polymorphic,
    precision: f.precision,
    queryByDistance: false,
    referenceTargetField: null,
    referenceTo: f.referenceTo,
    relationshipName: f.relationshipName,
    relationshipOrder: null,
    restrictedDelete: false,
    restrictedPicklist: f.restrictedPicklist,
    scale: f.scale,
    searchPrefilterable: false,
    soapType: SOAP_TYPES[f.type] ?? "xsd:string",
    sortable: f.sortable,
    type: f.type,
    unique: f.unique,
    updateable: f.updateable,
    writeRequiresMasterRead: false,
  };
}

export function describeObject(meta: ObjectMeta, version: string): Record<string, unknown> {
  return {
    actionOverrides: [],
    ...globalEntry(meta, version),
    childRelationships: meta.childRelationships.map((r) => ({
      cascadeDelete: r.cascadeDelete,
      childSObject: r.childSObject,
      deprecatedAndHidden: false,
      field: r.field,
      junctionIdListNames: [],
      junctionReferenceTo: [],
      relationshipName: r.relationshipName,
      restrictedDelete: false,
    })),
    compactLayoutable: meta.createable,
    fields: meta.fields.map(describeField),
    listviewable: null,
    lookupLayoutable: null,
    namedLayoutInfos: [],
    networkScopeFieldName: null,
    recordTypeInfos: [
      {
        active: true,
        available: true,
        defaultRecordTypeMapping: true,
        developerName: "Master",
        master: true,
        name: "Master",
        recordTypeId: "012000000000000AAA",
        urls: { layout: `/services/data/v${version}/sobjects/${meta.name}/describe/layouts/012000000000000AAA` },
      },
    ],
    searchLayoutable: meta.createable,
    supportedScopes: [{ label: "All", name: "everything" }],
    urls: {
      ...urls(version, meta.name),
      compactLayouts: `/services/data/v${version}/sobjects/${meta.name}/describe/compactLayouts`,
      layouts: `/services/data/v${version}/sobjects/${meta.name}/describe/layouts`,
    },
  };
}
