import type { EntityCounts, MatchSummary } from "@/lib/sync/match/match-integration";
import type { StepStats } from "@/lib/sync/runs";

const flat = ({ byCriterion: _byCriterion, ...counts }: EntityCounts): Record<string, number> => counts;

/** A match step's counts as the run model stores them (per-criterion counts stay on the matching page). */
export function matchStepStats(summary: MatchSummary): StepStats {
  return { accounts: flat(summary.accounts), contacts: flat(summary.contacts) };
}
