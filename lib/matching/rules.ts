import { z } from "zod";

// Matching rules as admins set them: an ordered list of enabled criteria per entity. For each
// record the first criterion that finds exactly one Salesforce record wins.

export const accountCriterionSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("salesforceId") }),
  z.object({ kind: z.literal("customField"), analyticsField: z.string().min(1), salesforceField: z.string().min(1) }),
  z.object({ kind: z.literal("domain") }),
  z.object({ kind: z.literal("name"), exact: z.boolean().default(false) }),
  z.object({ kind: z.literal("recentUserDomain") }),
]);

export const contactCriterionSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("salesforceContactId") }),
  z.object({ kind: z.literal("customField"), analyticsField: z.string().min(1), salesforceField: z.string().min(1) }),
  z.object({ kind: z.literal("email") }),
  z.object({ kind: z.literal("phone") }),
]);

export const matchRulesSchema = z.object({
  accounts: z.array(accountCriterionSchema).max(10),
  contacts: z.array(contactCriterionSchema).max(10),
});

export type AccountCriterion = z.infer<typeof accountCriterionSchema>;
export type ContactCriterion = z.infer<typeof contactCriterionSchema>;
export type MatchRules = z.infer<typeof matchRulesSchema>;

/** Defaults for a new integration; custom field matching stays off until an admin picks the fields. */
export const DEFAULT_RULES: MatchRules = {
  accounts: [{ kind: "salesforceId" }, { kind: "domain" }, { kind: "name", exact: false }, { kind: "recentUserDomain" }],
  contacts: [{ kind: "salesforceContactId" }, { kind: "email" }, { kind: "phone" }],
};

export function criterionLabel(c: AccountCriterion | ContactCriterion): string {
  switch (c.kind) {
    case "salesforceId":
      return "Salesforce account ID";
    case "salesforceContactId":
      return "Salesforce contact ID";
    case "customField":
      return `${c.analyticsField} = ${c.salesforceField}`;
    case "domain":
      return "Website domain";
    case "name":
      return c.exact ? "Name (exact)" : "Name";
    case "recentUserDomain":
      return "Recent users' email domain";
    case "email":
      return "Email";
    case "phone":
      return "Phone";
  }
}
