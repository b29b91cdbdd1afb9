import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { matchableFieldPairs, type AnalyticsFieldInfo, type SalesforceFieldInfo } from "@/lib/matching/custom-fields";
import type { MatchRules } from "@/lib/matching/rules";
import { salesforceIntegration } from "@/lib/hub/integrations";
import { salesforcePullSettings } from "@/lib/pull/settings";

// Custom field pairs an admin may pick, from the cached Salesforce describe and the cached
// Pendo/PX attribute schema. The same list is used to refuse a pair the page did not offer.

export interface FieldPairOption {
  salesforceField: string;
  analyticsField: string;
  family: "text" | "integer";
}

export interface FieldOptions {
  accounts: FieldPairOption[];
  contacts: FieldPairOption[];
  /** Why a list is empty, in a sentence that says what to do. */
  missing: string[];
}

const fieldsOf = (v: unknown) => (Array.isArray(v) ? (v as (SalesforceFieldInfo & AnalyticsFieldInfo)[]) : []);

export async function fieldOptions(integrationId: string): Promise<FieldOptions> {
  const salesforce = await salesforceIntegration();
  const settings = salesforce ? await salesforcePullSettings(salesforce.id) : null;
  const [sfAccount, sfContact, account, user] = await Promise.all([
    salesforce && settings ? db.salesforceDescribe.findUnique({ where: { integrationId_objectName: { integrationId: salesforce.id, objectName: settings.accountObject } } }) : null,
    salesforce && settings ? db.salesforceDescribe.findUnique({ where: { integrationId_objectName: { integrationId: salesforce.id, objectName: settings.contactObject } } }) : null,
    db.salesforceDescribe.findUnique({ where: { integrationId_objectName: { integrationId, objectName: "account" } } }),
    db.salesforceDescribe.findUnique({ where: { integrationId_objectName: { integrationId, objectName: "user" } } }),
  ]);
  const missing: string[] = [];
  if (!salesforce) missing.push("Connect Salesforce to pick its fields.");
  else if (!sfAccount || !sfContact) missing.push("Salesforce fields are not cached yet: use Refresh metadata on the Salesforce card.");
  if (!account || !user) missing.push("This tool's attributes are not known yet: use Pull now on its card.");
  return {
    accounts: matchableFieldPairs(fieldsOf(sfAccount?.fields), fieldsOf(account?.fields)),
    contacts: matchableFieldPairs(fieldsOf(sfContact?.fields), fieldsOf(user?.fields)),
    missing,
  };
}

/** Refuses custom field criteria whose pair is not offered (wrong type, push field, unknown field). */
export async function checkCustomFieldPairs(integrationId: string, rules: MatchRules): Promise<void> {
  const options = await fieldOptions(integrationId);
  const offered = (list: FieldPairOption[]) => new Set(list.map((p) => `${p.salesforceField}\u0000${p.analyticsField}`));
  const check = (entity: "accounts" | "contacts", criteria: MatchRules["accounts"] | MatchRules["contacts"]) => {
    const allowed = offered(options[entity]);
    for (const c of criteria) {
      if (c.kind !== "customField" || allowed.has(`${c.salesforceField}\u0000${c.analyticsField}`)) continue;
      throw new AppError(
        "INVALID_INPUT",
        `${c.salesforceField} and ${c.analyticsField} cannot be matched: both must be text or both whole numbers, and Clearinghouse's own PX_/Pendo_ fields are never used. Pick a pair from the list.`,
        { [entity]: "custom field pair not offered" },
      );
    }
  };
  check("accounts", rules.accounts);
  check("contacts", rules.contacts);
}
