import { db } from "@/lib/db";
import type { RoleName } from "@/lib/auth/permissions";
import { accountCsm, overrideAccess, type AccountCsm, type OverrideAccess } from "@/lib/accounts/account-page-csm";
import type { ChangeSelection } from "@/lib/accounts/account-page-change";
import { csmSection, type CsmSection } from "@/lib/accounts/csm/csm-section";
import { healthSection, trendSection, type HealthSection, type TrendSection } from "@/lib/accounts/account-page-health";
import { kpiSection, type KpiSection } from "@/lib/accounts/account-page-kpis";
import { linkedRecords, salesforceFields, type LinkedRecord, type SalesforceFields } from "@/lib/accounts/account-page-records";
import { findVisibleAccount, type VisibleAccount } from "@/lib/accounts/account-page-scope";
import { usageSections, type UsageSections } from "@/lib/accounts/account-page-usage";
import { accountUsageTools, type AccountUsageTools } from "@/lib/accounts/account-page-usage-tool";
import { changeSection, type ChangeSection } from "@/lib/accounts/account-page-why";
import { utcDay } from "@/lib/usage/days";

// Read model of the account page (issue 13): one Salesforce account's health and why it changed,
// its trend and KPIs, its product usage, and what it is linked to. Every query keys on the account
// found through account-page-scope.ts (where the viewer's sharing groups apply), reads one account's
// rows through an index, and none grows with the number of accounts in the hub.

export interface AccountPage {
  account: Pick<VisibleAccount, "integrationId" | "id" | "objectName" | "name" | "website" | "state" | "masterRecordId" | "retiredReason" | "pulledAt">;
  csm: AccountCsm | null;
  /** The CSM with its push to Salesforce, history and "first assigned" (lib/accounts/csm/). */
  csmSection: CsmSection;
  /** Whether the viewer may set or clear the override, and why not. */
  overrideAccess: OverrideAccess;
  /** Null until the account is first scored. */
  health: HealthSection | null;
  trend: TrendSection | null;
  change: ChangeSection | null;
  usage: AccountUsageTools & { kpis: KpiSection | null; sections: UsageSections | null };
  links: LinkedRecord[];
  salesforce: SalesforceFields;
}

export interface AccountPageOptions {
  /** Their role and email decide the override form; their id, the sharing groups that scope the page. */
  viewer: { id: string; role: RoleName; email: string };
  change: ChangeSelection;
  now?: Date;
}

/** Null when no account with this id is visible to the viewer: the page answers 404. */
export async function accountPage(accountId: string, options: AccountPageOptions): Promise<AccountPage | null> {
  const account = await findVisibleAccount(accountId, options.viewer);
  if (!account) return null;
  const now = options.now ?? new Date();
  const [csm, csmDetail, health, firstScored, links, salesforce] = await Promise.all([
    accountCsm(account),
    csmSection(account, options.viewer),
    healthSection(account.id, now),
    db.healthScore.findFirst({ where: { accountId: account.id }, select: { day: true }, orderBy: { day: "asc" } }),
    linkedRecords(account.id),
    salesforceFields(account),
  ]);
  const tools = await accountUsageTools(account.id, health?.usageSource?.system.toLowerCase() ?? null);
  const [trend, change, kpis, sections] = await Promise.all([
    health ? trendSection(account.id, health.day) : null,
    health && firstScored ? changeSection(account.id, options.change, health.day, utcDay(firstScored.day)) : null,
    tools.shown ? kpiSection(tools.shown, account.id) : null,
    tools.shown ? usageSections(tools.shown) : null,
  ]);
  const { fields: _fields, ownerId: _owner, ...shown } = account;
  return {
    account: shown,
    csm,
    csmSection: csmDetail,
    overrideAccess: overrideAccess(options.viewer, csm),
    health,
    trend,
    change,
    usage: { ...tools, kpis, sections },
    links,
    salesforce,
  };
}
