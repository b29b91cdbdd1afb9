import { db } from "@/lib/db";
import type { MatchResult } from "@/lib/matching/engine";
import { matchAccounts } from "@/lib/matching/match-accounts";
import { matchContacts } from "@/lib/matching/match-contacts";
import { loadRules } from "@/lib/matching/settings-store";
import type { MatchRules } from "@/lib/matching/rules";
import { countResult, type PreviewCounts } from "@/lib/matching/preview";
import { salesforceIntegration } from "@/lib/hub/integrations";
import { withMatchLock } from "@/lib/sync/locks";
import { recordResults, type RecordResult } from "@/lib/sync/record-results";
import { inTransaction } from "@/lib/sync/sql";
import { loadAnalyticsAccounts, loadAnalyticsUsers, loadOverrides, loadSalesforceAccounts, loadSalesforceContacts } from "@/lib/sync/match/load-hub";
import { storeMatches, type StoreCounts } from "@/lib/sync/match/store-matches";

export interface IntegrationMatch {
  accounts: MatchResult;
  contacts: MatchResult;
}

/** Matches one analytics integration's hub records against Salesforce with the given (or saved) rules. Writes nothing. */
export async function computeMatches(integrationId: string, rules?: MatchRules): Promise<IntegrationMatch> {
  const salesforce = await salesforceIntegration();
  const effective = rules ?? (await loadRules(integrationId));
  const customAccounts = effective.accounts.some((c) => c.kind === "customField");
  const customContacts = effective.contacts.some((c) => c.kind === "customField");
  const [sfAccounts, sfContacts, accounts, users, accountOverrides, contactOverrides] = await Promise.all([
    salesforce ? loadSalesforceAccounts(salesforce.id, customAccounts) : [],
    salesforce ? loadSalesforceContacts(salesforce.id, customContacts) : [],
    loadAnalyticsAccounts(integrationId, customAccounts),
    loadAnalyticsUsers(integrationId, customContacts),
    loadOverrides(integrationId, "ACCOUNT"),
    loadOverrides(integrationId, "CONTACT"),
  ]);
  return {
    accounts: matchAccounts(sfAccounts, accounts, effective.accounts, accountOverrides),
    contacts: matchContacts(sfContacts, users, effective.contacts, contactOverrides),
  };
}

export type EntityCounts = PreviewCounts & StoreCounts;

export interface MatchSummary {
  integrationId: string;
  accounts: EntityCounts;
  contacts: EntityCounts;
}

/**
 * Matches one analytics integration and stores what changed, links and exceptions of both
 * entities and their per-record results in one transaction, so pages and the push never read half
 * a result. The caller must hold the integration's match lock (see runMatchStep).
 */
export async function matchAndStoreLocked(integrationId: string, step: { runId: string; stepId: string }): Promise<MatchSummary> {
  const integration = await db.integration.findUniqueOrThrow({ where: { id: integrationId }, select: { system: true } });
  const system = integration.system === "PENDO" ? "pendo" : "px";
  const result = await computeMatches(integrationId);
  const at = new Date();
  const changes: RecordResult[] = [];
  const [accounts, contacts] = await inTransaction(async (sql) => {
    const a = await storeMatches(sql, { integrationId, system, entity: "ACCOUNT" }, result.accounts, at, changes);
    const c = await storeMatches(sql, { integrationId, system, entity: "CONTACT" }, result.contacts, at, changes);
    await recordResults(sql, step, changes);
    return [a, c] as const;
  });
  return { integrationId, accounts: { ...countResult(result.accounts), ...accounts }, contacts: { ...countResult(result.contacts), ...contacts } };
}

/** A match step: waits for any other match of the same tool, then matches and stores. */
export function runMatchStep(integrationId: string, step: { runId: string; stepId: string }): Promise<MatchSummary> {
  return withMatchLock(integrationId, () => matchAndStoreLocked(integrationId, step));
}
