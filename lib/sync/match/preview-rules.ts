import { computeMatches } from "@/lib/sync/match/match-integration";
import { compareMatchResults, type MatchPreview } from "@/lib/matching/preview";
import type { MatchRules } from "@/lib/matching/rules";

export interface RulesPreview {
  accounts: MatchPreview;
  contacts: MatchPreview;
}

/** What the proposed rules would do against the current hub data, next to the saved rules. Writes nothing. */
export async function previewRules(integrationId: string, proposed: MatchRules): Promise<RulesPreview> {
  const [saved, next] = await Promise.all([computeMatches(integrationId), computeMatches(integrationId, proposed)]);
  return {
    accounts: compareMatchResults(saved.accounts, next.accounts),
    contacts: compareMatchResults(saved.contacts, next.contacts),
  };
}
