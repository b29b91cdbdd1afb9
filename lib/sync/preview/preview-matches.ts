import { db } from "@/lib/db";
import type { MatchResult } from "@/lib/matching/engine";
import { compareMatchResults } from "@/lib/matching/preview";
import { computeMatches } from "@/lib/sync/match/match-integration";
import type { PreviewMatch, PreviewMatchCounts } from "@/lib/sync/preview/preview-summary";

// Matching as a preview sees it: the saved rules run in memory over the hub as it stands (nothing
// stored), counted like a real match step, and compared with the links stored now. The push plan
// reads the stored links, as the real push does; links a re-match would change are named here so
// the figures are not mistaken for the whole story.

async function storedLinks(integrationId: string, entity: "ACCOUNT" | "CONTACT"): Promise<MatchResult> {
  const rows = await db.matchLink.findMany({ where: { integrationId, entity }, select: { analyticsId: true, salesforceId: true, criterion: true, key: true } });
  return { links: rows, exceptions: [] };
}

function counts(stored: MatchResult, computed: MatchResult): PreviewMatchCounts {
  const { proposed, changeCounts } = compareMatchResults(stored, computed, 0);
  return {
    matched: proposed.matched,
    unmatched: proposed.unmatched,
    ambiguous: proposed.ambiguous,
    duplicate: proposed.duplicate,
    excluded: proposed.excluded,
    wouldLink: changeCounts.linked,
    wouldUnlink: changeCounts.unlinked,
    wouldRelink: changeCounts.relinked,
  };
}

/** One tool's matches as the saved rules make them now, against the stored links. Writes nothing. */
export async function previewMatches(tool: { id: string; system: "pendo" | "px" }): Promise<PreviewMatch> {
  const [computed, accounts, contacts] = await Promise.all([computeMatches(tool.id), storedLinks(tool.id, "ACCOUNT"), storedLinks(tool.id, "CONTACT")]);
  return { tool: tool.system, accounts: counts(accounts, computed.accounts), contacts: counts(contacts, computed.contacts) };
}
