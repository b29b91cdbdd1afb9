// The `salesforce` section of the fixture file. Another helper's whole-file schema embeds this
// one, so it is deliberately strict about structure (typos in a generator fail loudly) while
// record contents are checked against the org's metadata when loaded.

import { z } from "zod";
import { CUSTOM_FIELD_TYPES } from "./metadata/types";
import { normalizeId } from "./ids";

const sfId18 = z
  .string()
  .regex(/^[a-zA-Z0-9]{18}$/, "must be an 18-character Salesforce ID")
  .refine((id) => normalizeId(id) === id, "has a wrong case-safe checksum suffix");

export const orgSchema = z.strictObject({
  id: sfId18.refine((id) => id.startsWith("00D"), "an organization ID starts with 00D").optional(),
  name: z.string().min(1).optional(),
  isSandbox: z.boolean().optional(),
  instanceName: z.string().min(1).max(10).optional(),
  dailyApiRequests: z.number().int().positive().optional(),
});

export const customFieldSchema = z.strictObject({
  name: z.string().min(4),
  type: z.enum(CUSTOM_FIELD_TYPES),
  label: z.string().min(1),
  length: z.number().int().min(0).max(131072).optional(),
  precision: z.number().int().min(0).max(18).optional(),
  scale: z.number().int().min(0).max(18).optional(),
  externalId: z.boolean().optional(),
  unique: z.boolean().optional(),
  updateable: z.boolean().optional(),
  createable: z.boolean().optional(),
  // Extensions beyond the brief's minimum; export emits them only when they were given.
  required: z.boolean().optional(),
  caseSensitive: z.boolean().optional(),
  picklistValues: z.array(z.string()).optional(),
  restrictedPicklist: z.boolean().optional(),
  referenceTo: z.array(z.string()).optional(),
  relationshipName: z.string().optional(),
  childRelationshipName: z.string().optional(),
});

export const customObjectSchema = z.strictObject({
  name: z.string().min(4),
  label: z.string().min(1),
  labelPlural: z.string().min(1).optional(),
  keyPrefix: z.string().regex(/^[a-zA-Z0-9]{3}$/, "must be 3 letters or digits"),
});

/** A record as a SOQL query returns it; field values are validated against metadata on load. */
export const fixtureRecordSchema = z.record(z.string(), z.unknown());

export const salesforceFixtureSchema = z.strictObject({
  org: orgSchema.optional(),
  objects: z.record(z.string(), z.array(fixtureRecordSchema)).optional(),
  customFields: z.record(z.string(), z.array(customFieldSchema)).optional(),
  customObjects: z.array(customObjectSchema).optional(),
});

export type SalesforceFixture = z.infer<typeof salesforceFixtureSchema>;
export type CustomFieldDef = z.infer<typeof customFieldSchema>;
export type CustomObjectDef = z.infer<typeof customObjectSchema>;
export type OrgDef = z.infer<typeof orgSchema>;
