import type { HealthColour } from "@/lib/health/model";

// The backtest's arithmetic (issue 13; seed 004, mistake 1: "If the formula doesn't show meaningful
// separation (churned accounts scoring lower than renewed accounts), reweight the components").
// The caller replays a model version and passes, per account that churned or renewed, its score N
// days before the outcome; these metrics say whether the score told the two apart.

export interface BacktestOutcome {
  /** The score N days before the outcome; null when every measure was missing then. */
  score: number | null;
  colour: HealthColour | null;
  churned: boolean;
}

export type AucVerdictLevel = "outstanding" | "excellent" | "acceptable" | "poor" | "chance" | "inverted" | "unknown";

export interface BacktestMetrics {
  /** Accounts with a score (the rest are counted in `unscored` and left out of every figure). */
  accounts: number;
  churned: number;
  renewed: number;
  unscored: number;
  /**
   * ROC AUC of "a lower score means churn": the chance that a churned account scored below a renewed
   * one, ties counting half. Null without both churned and renewed accounts.
   */
  auc: number | null;
  /** 95% interval of the AUC (Hanley & McNeil 1982 standard error), clamped to 0–1. */
  aucInterval: { low: number; high: number } | null;
  /** "Red" as the prediction of churn. */
  confusion: { redChurned: number; redRenewed: number; notRedChurned: number; notRedRenewed: number };
  /** Of the red accounts, the share that churned; null when none was red. */
  precision: number | null;
  /** Of the churned accounts, the share that was red; null when none churned. */
  recall: number | null;
  verdict: { level: AucVerdictLevel; sentence: string };
}

/** Cost: O(n log n) for the ranks. */
export function backtestMetrics(outcomes: readonly BacktestOutcome[]): BacktestMetrics {
  const scored = outcomes.filter((o): o is BacktestOutcome & { score: number } => o.score !== null && Number.isFinite(o.score));
  const churned = scored.filter((o) => o.churned).length;
  const renewed = scored.length - churned;

  const confusion = { redChurned: 0, redRenewed: 0, notRedChurned: 0, notRedRenewed: 0 };
  for (const o of scored) {
    const red = o.colour === "red";
    if (red && o.churned) confusion.redChurned++;
    else if (red) confusion.redRenewed++;
    else if (o.churned) confusion.notRedChurned++;
    else confusion.notRedRenewed++;
  }
  const reds = confusion.redChurned + confusion.redRenewed;
  const precision = reds === 0 ? null : confusion.redChurned / reds;
  const recall = churned === 0 ? null : confusion.redChurned / churned;

  const auc = churned === 0 || renewed === 0 ? null : rankAuc(scored);
  const aucInterval = auc === null ? null : interval(auc, churned, renewed);

  return {
    accounts: scored.length,
    churned,
    renewed,
    unscored: outcomes.length - scored.length,
    auc,
    aucInterval,
    confusion,
    precision,
    recall,
    verdict: verdict(auc, aucInterval, churned, renewed),
  };
}

/**
 * Mann–Whitney: rank all scores ascending (ties share their average rank); the renewed accounts'
 * rank sum, less its minimum, counts the (churned, renewed) pairs where the churned account scored
 * lower, ties as half. Divided by all pairs, that is the AUC.
 */
function rankAuc(scored: readonly { score: number; churned: boolean }[]): number {
  const sorted = [...scored].sort((a, b) => a.score - b.score);
  let renewedRankSum = 0;
  let renewed = 0;
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (j < sorted.length && sorted[j]!.score === sorted[i]!.score) j++;
    const averageRank = (i + 1 + j) / 2;
    for (let k = i; k < j; k++) {
      if (!sorted[k]!.churned) {
        renewedRankSum += averageRank;
        renewed++;
      }
    }
    i = j;
  }
  const churned = sorted.length - renewed;
  return (renewedRankSum - (renewed * (renewed + 1)) / 2) / (churned * renewed);
}

function interval(auc: number, churned: number, renewed: number): { low: number; high: number } {
  const q1 = auc / (2 - auc);
  const q2 = (2 * auc * auc) / (1 + auc);
  const variance = (auc * (1 - auc) + (churned - 1) * (q1 - auc * auc) + (renewed - 1) * (q2 - auc * auc)) / (churned * renewed);
  const se = Math.sqrt(Math.max(0, variance));
  return { low: Math.max(0, auc - 1.96 * se), high: Math.min(1, auc + 1.96 * se) };
}

/**
 * Words after Hosmer & Lemeshow, Applied Logistic Regression (3rd ed., 2013, §5.2.4): 0.5 no
 * discrimination, 0.7–0.8 acceptable, 0.8–0.9 excellent, 0.9 and up outstanding; below 0.7, poor.
 * Whatever the AUC, when its 95% interval holds 0.5 the sample cannot tell the score from a coin
 * toss, which a small backtest must say rather than print "acceptable"; when the whole interval is
 * below 0.5 the score ranks backwards, which is worth saying apart from "poor".
 */
function verdict(auc: number | null, ci: { low: number; high: number } | null, churned: number, renewed: number): { level: AucVerdictLevel; sentence: string } {
  if (auc === null || ci === null) {
    const why =
      churned === 0 && renewed === 0
        ? "no account with a score churned or renewed in the period"
        : churned === 0
          ? `none of the ${renewed} scored accounts churned`
          : `none of the ${churned} scored accounts renewed`;
    return { level: "unknown", sentence: `No verdict: ${why}, so there is nothing to tell apart. Widen the period or wait for outcomes.` };
  }
  const a = auc.toFixed(2);
  const range = `${ci.low.toFixed(2)}–${ci.high.toFixed(2)}`;
  const pairs = `${churned} churned and ${renewed} renewed accounts`;
  if (ci.low <= 0.5 && ci.high >= 0.5) {
    return { level: "chance", sentence: `No better than chance: an AUC of ${a} (95% interval ${range}) over ${pairs} cannot be told from a coin toss.` };
  }
  if (ci.high < 0.5) {
    return { level: "inverted", sentence: `Backwards: an AUC of ${a} (${range}) over ${pairs} means churned accounts scored higher than renewed ones; check each measure's direction.` };
  }
  const level = auc >= 0.9 ? "outstanding" : auc >= 0.8 ? "excellent" : auc >= 0.7 ? "acceptable" : "poor";
  // The interval is an approximation that narrows to nothing at 0 and 1; with few outcomes say so.
  const few = Math.min(churned, renewed) < MIN_OUTCOMES ? ` Only ${Math.min(churned, renewed)} ${churned < renewed ? "churned" : "renewed"} accounts: read this as a hint, not proof.` : "";
  return { level, sentence: `${level[0]!.toUpperCase()}${level.slice(1)}: an AUC of ${a} (95% interval ${range}) over ${pairs}; ${MEANING[level]}.${few}` };
}

const MIN_OUTCOMES = 10;

const MEANING = {
  outstanding: "the score separates churned from renewed accounts almost perfectly",
  excellent: "the score separates churned from renewed accounts well",
  acceptable: "the score separates churned from renewed accounts, with overlap",
  poor: "the score separates churned from renewed accounts only a little better than chance; reweight the measures",
} as const;
