import type { MatchResult } from "@/lib/matching/engine";

// What changing the rules would do, computed before anything is saved: counts per criterion and
// outcome for the proposed rules, and the records whose link would appear, vanish or move.

export interface PreviewCounts {
  matched: number;
  unmatched: number;
  ambiguous: number;
  duplicate: number;
  excluded: number;
  byCriterion: Record<string, number>;
}

export interface LinkChange {
  analyticsId: string;
  before: string | null;
  after: string | null;
}

export interface MatchPreview {
  saved: PreviewCounts;
  proposed: PreviewCounts;
  changes: { linked: LinkChange[]; unlinked: LinkChange[]; relinked: LinkChange[] };
  changeCounts: { linked: number; unlinked: number; relinked: number };
}

export function countResult(result: MatchResult): PreviewCounts {
  const counts: PreviewCounts = { matched: result.links.length, unmatched: 0, ambiguous: 0, duplicate: 0, excluded: 0, byCriterion: {} };
  for (const link of result.links) counts.byCriterion[link.criterion] = (counts.byCriterion[link.criterion] ?? 0) + 1;
  for (const e of result.exceptions) counts[e.kind]++;
  return counts;
}

export function compareMatchResults(saved: MatchResult, proposed: MatchResult, sampleSize = 20): MatchPreview {
  const before = new Map(saved.links.map((l) => [l.analyticsId, l.salesforceId]));
  const after = new Map(proposed.links.map((l) => [l.analyticsId, l.salesforceId]));
  const linked: LinkChange[] = [];
  const unlinked: LinkChange[] = [];
  const relinked: LinkChange[] = [];
  for (const [analyticsId, to] of after) {
    const from = before.get(analyticsId);
    if (from === undefined) linked.push({ analyticsId, before: null, after: to });
    else if (from !== to) relinked.push({ analyticsId, before: from, after: to });
  }
  for (const [analyticsId, from] of before) if (!after.has(analyticsId)) unlinked.push({ analyticsId, before: from, after: null });
  return {
    saved: countResult(saved),
    proposed: countResult(proposed),
    changes: { linked: linked.slice(0, sampleSize), unlinked: unlinked.slice(0, sampleSize), relinked: relinked.slice(0, sampleSize) },
    changeCounts: { linked: linked.length, unlinked: unlinked.length, relinked: relinked.length },
  };
}
