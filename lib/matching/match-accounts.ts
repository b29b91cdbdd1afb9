import { runMatching, type CriterionPlan, type MatchResult, type Overrides } from "@/lib/matching/engine";
import {
  emailDomain,
  FREE_MAIL_DOMAINS,
  normalizeCustomValue,
  normalizeDomain,
  normalizeEmail,
  normalizeName,
  normalizeSalesforceId,
  type Normalized,
} from "@/lib/matching/normalize";
import { criterionLabel, type AccountCriterion } from "@/lib/matching/rules";

export interface SalesforceAccount {
  id: string;
  name?: string | null;
  website?: string | null;
  custom?: Record<string, unknown>;
}

export interface AnalyticsAccount {
  id: string;
  name?: string | null;
  salesforceId?: string | null;
  website?: string | null;
  custom?: Record<string, unknown>;
  /** Email addresses of the account's users, most recently seen first. */
  recentUserEmails?: readonly string[];
}

export const RECENT_USERS = 100;
export const RECENT_DOMAIN_MIN_SHARE = 50;

const keyOf = (n: Normalized): string[] => (n.ok ? [n.key] : []);

/** The company domain of an account's recent users: more than 50 of the 100 most recent share it. */
export function recentUserDomain(emails: readonly string[] | undefined): Normalized {
  if (!emails || emails.length === 0) return { ok: false, reason: "no recent users with an email" };
  const counts = new Map<string, number>();
  for (const raw of emails.slice(0, RECENT_USERS)) {
    const email = normalizeEmail(raw);
    if (!email.ok) continue;
    const domain = normalizeDomain(emailDomain(email.key));
    if (!domain.ok || FREE_MAIL_DOMAINS.has(domain.key)) continue;
    counts.set(domain.key, (counts.get(domain.key) ?? 0) + 1);
  }
  let best: [string, number] | null = null;
  for (const entry of counts) if (!best || entry[1] > best[1]) best = entry;
  if (!best || best[1] <= RECENT_DOMAIN_MIN_SHARE) {
    return { ok: false, reason: `no company email domain is shared by more than ${RECENT_DOMAIN_MIN_SHARE} of the ${RECENT_USERS} most recent users` };
  }
  return { ok: true, key: best[0] };
}

function plan(c: AccountCriterion): CriterionPlan<SalesforceAccount, AnalyticsAccount> {
  const label = criterionLabel(c);
  switch (c.kind) {
    case "salesforceId":
      return { label, salesforceKeys: (s) => keyOf(normalizeSalesforceId(s.id)), analyticsKey: (a) => normalizeSalesforceId(a.salesforceId) };
    case "customField":
      return {
        label,
        salesforceKeys: (s) => keyOf(normalizeCustomValue(s.custom?.[c.salesforceField])),
        analyticsKey: (a) => normalizeCustomValue(a.custom?.[c.analyticsField]),
      };
    case "domain":
      return { label, salesforceKeys: (s) => keyOf(normalizeDomain(s.website)), analyticsKey: (a) => normalizeDomain(a.website) };
    case "name":
      return { label, salesforceKeys: (s) => keyOf(normalizeName(s.name, c.exact)), analyticsKey: (a) => normalizeName(a.name, c.exact) };
    case "recentUserDomain":
      return { label, salesforceKeys: (s) => keyOf(normalizeDomain(s.website)), analyticsKey: (a) => recentUserDomain(a.recentUserEmails) };
  }
}

export function matchAccounts(
  salesforce: readonly SalesforceAccount[],
  analytics: readonly AnalyticsAccount[],
  criteria: readonly AccountCriterion[],
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
