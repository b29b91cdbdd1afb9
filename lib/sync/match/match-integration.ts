import { db } from "@/lib/db";
import type { MatchEntity, MatchExceptionKind } from "@/lib/generated/prisma/client";
import type { MatchResult } from "@/lib/matching/engine";
import { matchAccounts } from "@/lib/matching/match-accounts";
import { matchContacts } from "@/lib/matching/match-contacts";
import { loadAnalyticsAccounts, loadAnalyticsUsers, loadOverrides, loadSalesforceAccounts, loadSalesforceContacts } from "@/lib/sync/match/load-hub";
import { loadRules } from "@/lib/matching/settings-store";
import type { MatchRules } from "@/lib/matching/rules";
import { countResult, type PreviewCounts } from "@/lib/matching/preview";
import { salesforceIntegration } from "@/lib/hub/integrations";

export interface IntegrationMatch {
  accounts: MatchResult;
  contacts: MatchResult;
}

/** Matches one analytics integration's hub records against Salesforce with the given (or saved) rules. Writes nothing. */
export async function computeMatches(integrationId: string, rules?: MatchRules): Promise<IntegrationMatch> {
  const salesforce = await salesforceIntegration();
  const effective = rules ?? (await loadRules(integrationId));
  const [sfAccounts, sfContacts, accounts, users, accountOverrides, contactOverrides] = await Promise.all([
    salesforce ? loadSalesforceAccounts(salesforce.id) : [],
    salesforce ? loadSalesforceContacts(salesforce.id) : [],
    loadAnalyticsAccounts(integrationId),
    loadAnalyticsUsers(integrationId),
    loadOverrides(integrationId, "ACCOUNT"),
    loadOverrides(integrationId, "CONTACT"),
  ]);
  return {
    accounts: matchAccounts(sfAccounts, accounts, effective.accounts, accountOverrides),
    contacts: matchContacts(sfContacts, users, effective.contacts, contactOverrides),
  };
}

const CHUNK = 5000;
const KIND: Record<string, MatchExceptionKind> = { unmatched: "UNMATCHED", ambiguous: "AMBIGUOUS", duplicate: "DUPLICATE", excluded: "EXCLUDED" };

/**
 * Replaces the stored links and exceptions of one entity in one transaction, so pages and the push
 * never read half a result. An exception keeps its `since` while the record keeps the same kind.
 */
async function storeResult(integrationId: string, entity: MatchEntity, result: MatchResult, at: Date): Promise<void> {
  const previous = await db.matchException.findMany({ where: { integrationId, entity }, select: { analyticsId: true, kind: true, since: true } });
  const since = new Map(previous.map((p) => [`${p.analyticsId}\u0000${p.kind}`, p.since]));
  const previousLinks = await db.matchLink.findMany({ where: { integrationId, entity }, select: { analyticsId: true, salesforceId: true, matchedAt: true } });
  const linkedAt = new Map(previousLinks.map((l) => [`${l.analyticsId}\u0000${l.salesforceId}`, l.matchedAt]));
  await db.$transaction(
    async (tx) => {
      await tx.matchLink.deleteMany({ where: { integrationId, entity } });
      await tx.matchException.deleteMany({ where: { integrationId, entity } });
      for (let i = 0; i < result.links.length; i += CHUNK) {
        await tx.matchLink.createMany({
          data: result.links.slice(i, i + CHUNK).map((l) => ({
            integrationId,
            entity,
            analyticsId: l.analyticsId,
            salesforceId: l.salesforceId,
            criterion: l.criterion,
            key: l.key,
            matchedAt: linkedAt.get(`${l.analyticsId}\u0000${l.salesforceId}`) ?? at,
          })),
        });
      }
      for (let i = 0; i < result.exceptions.length; i += CHUNK) {
        await tx.matchException.createMany({
          data: result.exceptions.slice(i, i + CHUNK).map((e) => {
            const kind = KIND[e.kind]!;
            return {
              integrationId,
              entity,
              analyticsId: e.analyticsId,
              kind,
              reason: e.reason,
              tried: e.tried as object[],
              salesforceId: e.salesforceId ?? null,
              sharedWith: e.sharedWith ?? [],
              since: since.get(`${e.analyticsId}\u0000${kind}`) ?? at,
            };
          }),
        });
      }
    },
    { timeout: 120_000 },
  );
}

export interface MatchSummary {
  integrationId: string;
  accounts: PreviewCounts;
  contacts: PreviewCounts;
}

/** Runs the saved rules for one analytics integration and stores links and exceptions. */
export async function matchAndStore(integrationId: string): Promise<MatchSummary> {
  const result = await computeMatches(integrationId);
  const at = new Date();
  await storeResult(integrationId, "ACCOUNT", result.accounts, at);
  await storeResult(integrationId, "CONTACT", result.contacts, at);
  return { integrationId, accounts: countResult(result.accounts), contacts: countResult(result.contacts) };
}
