// The ROC curve of "a low score means churn", for the backtest's chart: each point flags every
// account scoring at or below a threshold as going to churn, and says what share of the churned
// accounts (true positive rate) and of the renewed ones (false positive rate) that flags. Its area
// is the AUC backtestMetrics reports (ties make a diagonal step, which counts them half).

export interface RocPoint {
  /** Accounts scoring at or below this are flagged; null for the first point, which flags none. */
  threshold: number | null;
  falsePositiveRate: number;
  truePositiveRate: number;
}

/**
 * One point per distinct score, from (0, 0) to (1, 1); empty without both a churned and a renewed
 * account with a score (accounts without one are left out, as in backtestMetrics). Scores are
 * shown to one decimal, so a curve has at most ~1,000 points whatever the number of accounts.
 * Cost: O(n log n).
 */
export function rocCurve(outcomes: readonly { score: number | null; churned: boolean }[]): RocPoint[] {
  const scored = outcomes.filter((o): o is { score: number; churned: boolean } => o.score !== null && Number.isFinite(o.score)).sort((a, b) => a.score - b.score);
  const churned = scored.filter((o) => o.churned).length;
  const renewed = scored.length - churned;
  if (churned === 0 || renewed === 0) return [];
  const points: RocPoint[] = [{ threshold: null, falsePositiveRate: 0, truePositiveRate: 0 }];
  let tp = 0;
  let fp = 0;
  for (let i = 0; i < scored.length; ) {
    const threshold = scored[i]!.score;
    for (; i < scored.length && scored[i]!.score === threshold; i++) {
      if (scored[i]!.churned) tp++;
      else fp++;
    }
    points.push({ threshold, falsePositiveRate: fp / renewed, truePositiveRate: tp / churned });
  }
  return points;
}

/** The trapezoid area under `points` (the AUC when they come from rocCurve). Null for an empty curve. */
export function areaUnder(points: readonly RocPoint[]): number | null {
  if (points.length < 2) return null;
  let area = 0;
  for (let i = 1; i < points.length; i++) {
    const a = points[i - 1]!;
    const b = points[i]!;
    area += ((b.falsePositiveRate - a.falsePositiveRate) * (a.truePositiveRate + b.truePositiveRate)) / 2;
  }
  return area;
}
