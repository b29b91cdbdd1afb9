// The standard objects the product touches, with a core set of fields per object taken from
// the Salesforce field reference (spec §11.3). Field order follows describe's order: Id and
// IsDeleted first, object fields, then owner and audit fields; custom fields are appended.

import {
  addressFields,
  buildObject,
  field,
  leadingSystemFields,
  ownerField,
  trailingSystemFields,
} from "./field-builder";
import type { FieldMeta, ObjectMeta } from "./types";

export const ACCOUNT_TYPES = [
  "Prospect",
  "Customer - Direct",
  "Customer - Channel",
  "Channel Partner / Reseller",
  "Installation Partner",
  "Technology Partner",
  "Other",
];

export const INDUSTRIES = [
  "Agriculture", "Apparel", "Banking", "Biotechnology", "Chemicals", "Communications", "Construction",
  "Consulting", "Education", "Electronics", "Energy", "Engineering", "Entertainment", "Environmental",
  "Finance", "Food & Beverage", "Government", "Healthcare", "Hospitality", "Insurance", "Machinery",
  "Manufacturing", "Media", "Not For Profit", "Other", "Recreation", "Retail", "Shipping", "Technology",
  "Telecommunications", "Transportation", "Utilities",
];

const LEAD_SOURCES = ["Web", "Phone Inquiry", "Partner Referral", "Purchased List", "Other"];

export const OPPORTUNITY_STAGES: ReadonlyArray<{ name: string; probability: number; closed: boolean; won: boolean; forecast: string }> = [
  { name: "Prospecting", probability: 10, closed: false, won: false, forecast: "Pipeline" },
  { name: "Qualification", probability: 10, closed: false, won: false, forecast: "Pipeline" },
  { name: "Needs Analysis", probability: 20, closed: false, won: false, forecast: "Pipeline" },
  { name: "Value Proposition", probability: 50, closed: false, won: false, forecast: "Pipeline" },
  { name: "Id. Decision Makers", probability: 60, closed: false, won: false, forecast: "Pipeline" },
  { name: "Perception Analysis", probability: 70, closed: false, won: false, forecast: "Pipeline" },
  { name: "Proposal/Price Quote", probability: 75, closed: false, won: false, forecast: "Pipeline" },
  { name: "Negotiation/Review", probability: 90, closed: false, won: false, forecast: "Pipeline" },
  { name: "Closed Won", probability: 100, closed: true, won: true, forecast: "Closed" },
  { name: "Closed Lost", probability: 0, closed: true, won: false, forecast: "Omitted" },
];

export const TASK_STATUSES = ["Not Started", "In Progress", "Completed", "Waiting on someone else", "Deferred"];
export const CASE_STATUSES = ["New", "Working", "Escalated", "Closed"];

/** Key prefixes of objects the emulator does not store but that references may point at. */
export const FOREIGN_KEY_PREFIXES: Record<string, string> = {
  Lead: "00Q",
  Profile: "00e",
  UserRole: "00E",
  Campaign: "701",
  Group: "00G",
  RecordType: "012",
};

const picklist = (name: string, values: string[], extra: Parameters<typeof field>[2] = {}): FieldMeta =>
  field(name, "picklist", { picklist: values, ...extra });

function account(): ObjectMeta {
  return buildObject({
    name: "Account",
    label: "Account",
    labelPlural: "Accounts",
    keyPrefix: "001",
    fields: [
      ...leadingSystemFields(),
      field("MasterRecordId", "reference", {
        label: "Master Record ID",
        readOnly: true,
        referenceTo: ["Account"],
        relationshipName: "MasterRecord",
      }),
      field("Name", "string", { label: "Account Name", required: true, nameField: true, idLookup: true }),
      picklist("Type", ACCOUNT_TYPES, { label: "Account Type" }),
      field("ParentId", "reference", {
        label: "Parent Account ID",
        referenceTo: ["Account"],
        relationshipName: "Parent",
        childRelationshipName: "ChildAccounts",
      }),
      ...addressFields("Billing", "Billing"),
      ...addressFields("Shipping", "Shipping"),
      field("Phone", "phone", { label: "Account Phone" }),
      field("Fax", "phone", { label: "Account Fax" }),
      field("AccountNumber", "string", { length: 40 }),
      field("Website", "url"),
      field("Sic", "string", { label: "SIC Code", length: 20 }),
      picklist("Industry", INDUSTRIES),
      field("AnnualRevenue", "currency", { precision: 18, scale: 0 }),
      field("NumberOfEmployees", "int", { label: "Employees", digits: 8 }),
      picklist("Ownership", ["Public", "Private", "Subsidiary", "Other"]),
      picklist("Rating", ["Hot", "Warm", "Cold"], { label: "Account Rating" }),
      field("Site", "string", { label: "Account Site", length: 80 }),
      field("Description", "textarea", { label: "Account Description" }),
      picklist("AccountSource", LEAD_SOURCES, { label: "Account Source" }),
      ownerField(),
      ...trailingSystemFields(),
      field("LastActivityDate", "date", { label: "Last Activity", readOnly: true }),
    ],
  });
}

function contact(): ObjectMeta {
  return buildObject({
    name: "Contact",
    label: "Contact",
    labelPlural: "Contacts",
    keyPrefix: "003",
    fields: [
      ...leadingSystemFields(),
      field("MasterRecordId", "reference", {
        label: "Master Record ID",
        readOnly: true,
        referenceTo: ["Contact"],
        relationshipName: "MasterRecord",
      }),
      field("AccountId", "reference", {
        label: "Account ID",
        referenceTo: ["Account"],
        relationshipName: "Account",
        childRelationshipName: "Contacts",
        cascadeDelete: true,
      }),
      field("LastName", "string", { required: true, length: 80 }),
      field("FirstName", "string", { length: 40 }),
      picklist("Salutation", ["Mr.", "Ms.", "Mrs.", "Dr.", "Prof."]),
      field("Name", "string", { label: "Full Name", length: 121, readOnly: true, nameField: true, nillable: false }),
      ...addressFields("Mailing", "Mailing"),
      field("Phone", "phone", { label: "Business Phone" }),
      field("Fax", "phone", { label: "Business Fax" }),
      field("MobilePhone", "phone"),
      field("HomePhone", "phone"),
      field("OtherPhone", "phone"),
      field("ReportsToId", "reference", { label: "Reports To ID", referenceTo: ["Contact"], relationshipName: "ReportsTo" }),
      field("Email", "email", { idLookup: true }),
      field("Title", "string", { length: 128 }),
      field("Department", "string", { length: 80 }),
      picklist("LeadSource", LEAD_SOURCES),
      field("Birthdate", "date"),
      field("Description", "textarea", { label: "Contact Description" }),
      field("HasOptedOutOfEmail", "boolean", { label: "Email Opt Out" }),
      field("HasOptedOutOfFax", "boolean", { label: "Fax Opt Out" }),
      field("DoNotCall", "boolean"),
      field("IsEmailBounced", "boolean"),
      field("EmailBouncedReason", "string", { length: 255 }),
      field("EmailBouncedDate", "datetime"),
      ownerField(),
      ...trailingSystemFields(),
      field("LastActivityDate", "date", { label: "Last Activity", readOnly: true }),
    ],
  });
}

function user(): ObjectMeta {
  const defaulted = (name: string, values: string[], fallback: string): FieldMeta =>
    picklist(name, values, { nillable: false, defaultedOnCreate: true, defaultPicklistValue: fallback });
  return buildObject({
    name: "User",
    label: "User",
    labelPlural: "Users",
    keyPrefix: "005",
    deletable: false,
    fields: [
      field("Id", "id", { label: "User ID", readOnly: true, nillable: false, defaultedOnCreate: true }),
      field("Username", "string", { length: 80, required: true, unique: true, idLookup: true }),
      field("LastName", "string", { length: 80, required: true }),
      field("FirstName", "string", { length: 40 }),
      field("Name", "string", { label: "Full Name", length: 121, readOnly: true, nameField: true, nillable: false }),
      field("CompanyName", "string", { length: 80 }),
      field("Division", "string", { length: 80 }),
      field("Department", "string", { length: 80 }),
      field("Title", "string", { length: 80 }),
      field("Email", "email", { length: 128, required: true }),
      field("Phone", "phone"),
      field("MobilePhone", "phone"),
      field("Alias", "string", { length: 8, required: true }),
      field("IsActive", "boolean", { label: "Active" }),
      defaulted("TimeZoneSidKey", ["GMT", "America/Los_Angeles", "America/New_York", "Europe/London", "Europe/Paris"], "GMT"),
      defaulted("LocaleSidKey", ["en_US", "en_GB", "fr_FR", "de_DE"], "en_US"),
      defaulted("EmailEncodingKey", ["UTF-8", "ISO-8859-1"], "UTF-8"),
      defaulted("LanguageLocaleKey", ["en_US", "fr", "de"], "en_US"),
      field("ProfileId", "reference", {
        label: "Profile ID",
        nillable: false,
        defaultedOnCreate: true,
        referenceTo: ["Profile"],
        relationshipName: "Profile",
      }),
      field("UserRoleId", "reference", { label: "Role ID", referenceTo: ["UserRole"], relationshipName: "UserRole" }),
      field("ManagerId", "reference", { label: "Manager ID", referenceTo: ["User"], relationshipName: "Manager" }),
      picklist("UserType", ["Standard", "PowerPartner", "CsnOnly", "Guest"], {
        readOnly: true,
        nillable: false,
        defaultedOnCreate: true,
        defaultPicklistValue: "Standard",
      }),
      field("LastLoginDate", "datetime", { readOnly: true }),
      ...trailingSystemFields(),
    ],
  });
}

function opportunity(): ObjectMeta {
  return buildObject({
    name: "Opportunity",
    label: "Opportunity",
    labelPlural: "Opportunities",
    keyPrefix: "006",
    fields: [
      ...leadingSystemFields(),
      field("AccountId", "reference", {
        label: "Account ID",
        referenceTo: ["Account"],
        relationshipName: "Account",
        childRelationshipName: "Opportunities",
        cascadeDelete: true,
      }),
      field("IsPrivate", "boolean", { label: "Private" }),
      field("Name", "string", { length: 120, required: true, nameField: true }),
      field("Description", "textarea"),
      picklist("StageName", OPPORTUNITY_STAGES.map((s) => s.name), { label: "Stage", required: true }),
      field("Amount", "currency", { precision: 16, scale: 2 }),
      field("Probability", "percent", { label: "Probability (%)", precision: 3, scale: 0, defaultedOnCreate: true }),
      field("CloseDate", "date", { required: true }),
      picklist("Type", ["Existing Business", "New Business", "Renewal", "Upsell"], { label: "Opportunity Type" }),
      field("NextStep", "string", { length: 255 }),
      picklist("LeadSource", LEAD_SOURCES),
      field("IsClosed", "boolean", { label: "Closed", readOnly: true }),
      field("IsWon", "boolean", { label: "Won", readOnly: true }),
      picklist("ForecastCategory", ["Omitted", "Pipeline", "BestCase", "Forecast", "Closed"], {
        readOnly: true,
        nillable: false,
        defaultedOnCreate: true,
      }),
      picklist("ForecastCategoryName", ["Omitted", "Pipeline", "Best Case", "Commit", "Closed"], {
        label: "Forecast Category",
        defaultedOnCreate: true,
      }),
      field("CampaignId", "reference", { label: "Campaign ID", referenceTo: ["Campaign"], relationshipName: "Campaign" }),
      field("FiscalQuarter", "int", { readOnly: true, digits: 1 }),
      field("FiscalYear", "int", { readOnly: true, digits: 4 }),
      ownerField(),
      ...trailingSystemFields(),
      field("LastActivityDate", "date", { label: "Last Activity", readOnly: true }),
    ],
  });
}

function task(): ObjectMeta {
  return buildObject({
    name: "Task",
    label: "Task",
    labelPlural: "Tasks",
    keyPrefix: "00T",
    fields: [
      ...leadingSystemFields(),
      field("WhoId", "reference", {
        label: "Name ID",
        referenceTo: ["Contact", "Lead"],
        relationshipName: "Who",
        childRelationshipName: "Tasks",
        polymorphic: true,
        cascadeDelete: true,
      }),
      field("WhatId", "reference", {
        label: "Related To ID",
        referenceTo: ["Account", "Opportunity", "Case"],
        relationshipName: "What",
        childRelationshipName: "Tasks",
        polymorphic: true,
        cascadeDelete: true,
      }),
      field("Subject", "combobox", { picklist: ["Call", "Send Letter", "Send Quote", "Other"] }),
      field("ActivityDate", "date", { label: "Due Date Only" }),
      picklist("Status", TASK_STATUSES, { nillable: false, defaultedOnCreate: true, defaultPicklistValue: "Not Started" }),
      picklist("Priority", ["High", "Normal", "Low"], { nillable: false, defaultedOnCreate: true, defaultPicklistValue: "Normal" }),
      field("IsHighPriority", "boolean", { label: "High Priority", readOnly: true }),
      ownerField(),
      field("Description", "textarea"),
      field("IsClosed", "boolean", { label: "Closed", readOnly: true }),
      field("AccountId", "reference", { label: "Account ID", readOnly: true, referenceTo: ["Account"], relationshipName: "Account" }),
      field("IsArchived", "boolean", { label: "Archived", readOnly: true }),
      picklist("TaskSubtype", ["Task", "Email", "ListEmail", "Cadence", "Call", "LinkedIn"], { createable: true, updateable: false }),
      field("CallDurationInSeconds", "int", { label: "Call Duration", digits: 8 }),
      picklist("CallType", ["Internal", "Inbound", "Outbound"]),
      field("CallDisposition", "string", { label: "Call Result", length: 255 }),
      field("ReminderDateTime", "datetime", { label: "Reminder Date/Time" }),
      field("IsReminderSet", "boolean", { label: "Reminder Set" }),
      field("CompletedDateTime", "datetime", { label: "Completed Date/Time", readOnly: true }),
      ...trailingSystemFields(),
    ],
  });
}

function supportCase(): ObjectMeta {
  return buildObject({
    name: "Case",
    label: "Case",
    labelPlural: "Cases",
    keyPrefix: "500",
    fields: [
      ...leadingSystemFields(),
      field("CaseNumber", "string", {
        label: "Case Number",
        length: 30,
        readOnly: true,
        autoNumber: true,
        nameField: true,
        nillable: false,
        defaultedOnCreate: true,
        idLookup: true,
      }),
      field("ContactId", "reference", {
        label: "Contact ID",
        referenceTo: ["Contact"],
        relationshipName: "Contact",
        childRelationshipName: "Cases",
      }),
      field("AccountId", "reference", {
        label: "Account ID",
        referenceTo: ["Account"],
        relationshipName: "Account",
        childRelationshipName: "Cases",
        cascadeDelete: true,
      }),
      field("ParentId", "reference", {
        label: "Parent Case ID",
        referenceTo: ["Case"],
        relationshipName: "Parent",
        childRelationshipName: "Cases",
      }),
      field("SuppliedName", "string", { label: "Name", length: 80 }),
      field("SuppliedEmail", "email", { label: "Email" }),
      field("SuppliedPhone", "string", { label: "Phone", length: 40 }),
      field("SuppliedCompany", "string", { label: "Company", length: 80 }),
      picklist("Type", ["Mechanical", "Electrical", "Electronic", "Structural", "Other"], { label: "Case Type" }),
      picklist("Status", CASE_STATUSES, { nillable: false, defaultedOnCreate: true, defaultPicklistValue: "New" }),
      picklist("Reason", ["Installation", "Equipment Complexity", "Performance", "Breakdown", "Equipment Design", "Feedback", "Other"], {
        label: "Case Reason",
      }),
      picklist("Origin", ["Phone", "Email", "Web"], { label: "Case Origin" }),
      field("Subject", "string", { length: 255 }),
      picklist("Priority", ["High", "Medium", "Low"], { defaultedOnCreate: true, defaultPicklistValue: "Medium" }),
      field("Description", "textarea"),
      field("IsClosed", "boolean", { label: "Closed", readOnly: true }),
      field("ClosedDate", "datetime", { label: "Closed Date", readOnly: true }),
      field("IsEscalated", "boolean", { label: "Escalated" }),
      ownerField(),
      ...trailingSystemFields(),
      field("ContactPhone", "phone", { readOnly: true }),
      field("ContactEmail", "email", { readOnly: true }),
    ],
  });
}

function organization(): ObjectMeta {
  const ro = { readOnly: true } as const;
  return buildObject({
    name: "Organization",
    label: "Organization",
    labelPlural: "Organizations",
    keyPrefix: "00D",
    createable: false,
    updateable: false,
    deletable: false,
    fields: [
      field("Id", "id", { label: "Organization ID", readOnly: true, nillable: false }),
      field("Name", "string", { ...ro, nillable: false, nameField: true, length: 80 }),
      field("Division", "string", { ...ro, length: 80 }),
      field("Phone", "phone", ro),
      picklist("DefaultLocaleSidKey", ["en_US"], { ...ro, label: "Locale" }),
      picklist("TimeZoneSidKey", ["GMT"], { ...ro, label: "Default Time Zone" }),
      picklist("LanguageLocaleKey", ["en_US"], { ...ro, label: "Language" }),
      field("InstanceName", "string", { ...ro, length: 5 }),
      field("IsSandbox", "boolean", ro),
      picklist("OrganizationType", ["Developer Edition", "Enterprise Edition", "Unlimited Edition", "Professional Edition"], {
        ...ro,
        label: "Edition",
      }),
      field("NamespacePrefix", "string", { ...ro, length: 15 }),
      field("TrialExpirationDate", "datetime", ro),
      ...trailingSystemFields(),
    ],
  });
}

/** Fresh metadata objects (callers mutate them when custom fields are added). */
export function standardObjects(): ObjectMeta[] {
  return [account(), contact(), user(), opportunity(), task(), supportCase(), organization()];
}

/** Standard fields every custom object gets (spec: Id, Name, OwnerId and the audit fields). */
export function customObjectBaseFields(label: string): FieldMeta[] {
  return [
    ...leadingSystemFields(),
    field("Name", "string", { label: `${label} Name`, length: 80, required: true, nameField: true, idLookup: true }),
    ownerField(),
    ...trailingSystemFields(),
  ];
}
