import { fieldTitle, SYSTEM_LABEL, type AnalyticsSystem, type FieldRef } from "@/lib/mapping/types";

/** The prefix a Salesforce field must carry before an integration may write it. */
export const PUSH_PREFIX: Readonly<Record<AnalyticsSystem, string>> = { px: "PX_", pendo: "Pendo_" };

/** The vendors' own words (seed 001 for PX, seed 000 for Pendo), quoted whenever a target is refused. */
export const PREFIX_RULE: Readonly<Record<AnalyticsSystem, string>> = {
  px: "Gainsight PX only pushes the data to fields contains PX_ as prefix.",
  pendo: "Each Salesforce field needs to have the “Pendo_” prefix added to the field name. Pendo will only write to fields that are titled this way.",
};

export type PushTargetCheck = { ok: true } | { ok: false; code: "NOT_A_PUSH_FIELD" | "FIELD_NOT_UPDATEABLE" | "NOT_A_SALESFORCE_FIELD"; message: string };

/**
 * Whether `system`'s push may write this Salesforce field. Every other Salesforce field belongs to
 * Salesforce and its people and is never written: the field must carry the integration's prefix
 * (PX_ for PX, Pendo_ for Pendo, so one tool never writes the other's fields either) and be
 * updateable (formula, roll-up and system fields are not).
 *
 * The prefix is compared without regard to case, as Salesforce compares API names
 * (px_Score__c and PX_Score__c are one field), and as lib/matching/custom-fields.ts `isPushField`
 * keeps these same fields out of matching.
 */
export function checkPushTarget(field: Pick<FieldRef, "system" | "name" | "label" | "updateable">, system: AnalyticsSystem): PushTargetCheck {
  if (field.system !== "salesforce") {
    return { ok: false, code: "NOT_A_SALESFORCE_FIELD", message: `${fieldTitle(field)} is not a Salesforce field; a push writes Salesforce fields only.` };
  }
  const prefix = PUSH_PREFIX[system];
  if (!field.name.toLowerCase().startsWith(prefix.toLowerCase())) {
    return {
      ok: false,
      code: "NOT_A_PUSH_FIELD",
      message: `${fieldTitle(field)} belongs to Salesforce, so ${SYSTEM_LABEL[system]} will not write it. The rule: "${PREFIX_RULE[system]}" Create a custom field whose API name starts with ${prefix} (for example ${prefix}Health_Score__c) and map that instead.`,
    };
  }
  if (field.updateable !== true) {
    return {
      ok: false,
      code: "FIELD_NOT_UPDATEABLE",
      message: `${fieldTitle(field)} is read-only for the connected Salesforce user (a formula, roll-up or locked field, or no edit permission). Make it an editable custom field, or grant edit access in its field-level security.`,
    };
  }
  return { ok: true };
}
