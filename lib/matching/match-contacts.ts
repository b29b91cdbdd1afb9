import { runMatching, type CriterionPlan, type MatchResult, type Overrides } from "@/lib/matching/engine";
import { normalizeCustomValue, normalizeEmail, normalizePhone, normalizeSalesforceId, type Normalized } from "@/lib/matching/normalize";
import { criterionLabel, type ContactCriterion } from "@/lib/matching/rules";

export interface SalesforceContact {
  id: string;
  accountId?: string | null;
  email?: string | null;
  phone?: string | null;
  custom?: Record<string, unknown>;
}

export interface AnalyticsUser {
  id: string;
  accountId?: string | null;
  salesforceContactId?: string | null;
  email?: string | null;
  phone?: string | null;
  custom?: Record<string, unknown>;
}

const keyOf = (n: Normalized): string[] => (n.ok ? [n.key] : []);

// An email or phone held by two Salesforce contacts indexes both, so the lookup finds "many" and
// the user is reported ambiguous rather than linked to either.
function plan(c: ContactCriterion): CriterionPlan<SalesforceContact, AnalyticsUser> {
  const label = criterionLabel(c);
  switch (c.kind) {
    case "salesforceContactId":
      return { label, salesforceKeys: (s) => keyOf(normalizeSalesforceId(s.id)), analyticsKey: (a) => normalizeSalesforceId(a.salesforceContactId) };
    case "customField":
      return {
        label,
        salesforceKeys: (s) => keyOf(normalizeCustomValue(s.custom?.[c.salesforceField])),
        analyticsKey: (a) => normalizeCustomValue(a.custom?.[c.analyticsField]),
      };
    case "email":
      return { label, salesforceKeys: (s) => keyOf(normalizeEmail(s.email)), analyticsKey: (a) => normalizeEmail(a.email) };
    case "phone":
      return { label, salesforceKeys: (s) => keyOf(normalizePhone(s.phone)), analyticsKey: (a) => normalizePhone(a.phone) };
  }
}

export function matchContacts(
  salesforce: readonly SalesforceContact[],
  analytics: readonly AnalyticsUser[],
  criteria: readonly ContactCriterion[],
  overrides?: Overrides,
): MatchResult {
  return runMatching({
    salesforce,
    analytics,
    salesforceId: (s) => s.id,
    analyticsId: (a) => a.id,
    plans: criteria.map(plan),
    overrides,
  });
}
