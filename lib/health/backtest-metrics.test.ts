import { describe, expect, it } from "vitest";
import { backtestMetrics, type BacktestOutcome } from "@/lib/health/backtest-metrics";
import type { HealthColour } from "@/lib/health/model";
import { mulberry32 } from "@/lib/health/test-models";

const colourOf = (score: number): HealthColour => (score < 40 ? "red" : score < 70 ? "yellow" : "green");
const outcomes = (churned: number[], renewed: number[]): BacktestOutcome[] => [
  ...churned.map((score) => ({ score, colour: colourOf(score), churned: true })),
  ...renewed.map((score) => ({ score, colour: colourOf(score), churned: false })),
];

/** The definition itself, over every (churned, renewed) pair: the oracle for the rank method. */
function pairwiseAuc(os: readonly BacktestOutcome[]): number {
  const c = os.filter((o) => o.churned && o.score !== null).map((o) => o.score!);
  const r = os.filter((o) => !o.churned && o.score !== null).map((o) => o.score!);
  let wins = 0;
  for (const x of c) for (const y of r) wins += x < y ? 1 : x === y ? 0.5 : 0;
  return wins / (c.length * r.length);
}

describe("backtest metrics", () => {
  it("gives 1 when every churned account scored below every renewed one", () => {
    const m = backtestMetrics(outcomes([5, 20, 35], [60, 75, 90]));
    expect(m.auc).toBe(1);
    expect(m.verdict.level).toBe("outstanding");
    expect(m.verdict.sentence).toBe(
      "Outstanding: an AUC of 1.00 (95% interval 1.00–1.00) over 3 churned and 3 renewed accounts; the score separates churned from renewed accounts almost perfectly. Only 3 renewed accounts: read this as a hint, not proof.",
    );
  });

  it("gives 0 when the score ranks backwards, and says to check the directions", () => {
    const m = backtestMetrics(outcomes([60, 75, 90], [5, 20, 35]));
    expect(m.auc).toBe(0);
    expect(m.verdict.level).toBe("inverted");
    expect(m.verdict.sentence).toContain("churned accounts scored higher than renewed ones; check each measure's direction");
  });

  it("counts ties as half: one score for everyone is 0.5, no better than chance", () => {
    const m = backtestMetrics(outcomes([50, 50], [50, 50, 50]));
    expect(m.auc).toBe(0.5);
    expect(m.verdict.level).toBe("chance");
  });

  it("matches a small example worked by hand", () => {
    // Churned 10, 30, 50; renewed 20, 50, 60, 80. Pairs with the churned score lower:
    // 10 → 4; 30 → 3 (50, 60, 80); 50 → 2 (60, 80) + ½ (the tie with 50). 9.5 of 12 pairs.
    const data = outcomes([10, 30, 50], [20, 50, 60, 80]);
    const m = backtestMetrics(data);
    expect(m.auc).toBeCloseTo(9.5 / 12, 12);
    expect(m.auc).toBeCloseTo(pairwiseAuc(data), 12);
    // Red (< 40): 10, 30 churned and 20 renewed. Precision 2/3, recall 2/3.
    expect(m.confusion).toEqual({ redChurned: 2, redRenewed: 1, notRedChurned: 1, notRedRenewed: 3 });
    expect(m.precision).toBeCloseTo(2 / 3, 12);
    expect(m.recall).toBeCloseTo(2 / 3, 12);
    expect([m.accounts, m.churned, m.renewed, m.unscored]).toEqual([7, 3, 4, 0]);
    // Seven accounts cannot show 0.79 is better than a coin: Hanley–McNeil SE ≈ 0.19.
    expect(m.aucInterval!.low).toBeCloseTo(0.416, 2);
    expect(m.aucInterval!.high).toBe(1);
    expect(m.verdict).toEqual({ level: "chance", sentence: "No better than chance: an AUC of 0.79 (95% interval 0.42–1.00) over 3 churned and 4 renewed accounts cannot be told from a coin toss." });
  });

  it("uses the colour given, so segment bands and 'any red' count as the account page showed them", () => {
    const m = backtestMetrics([
      { score: 45, colour: "red", churned: true },
      { score: 45, colour: "yellow", churned: false },
      { score: 80, colour: "green", churned: false },
    ]);
    expect(m.confusion).toEqual({ redChurned: 1, redRenewed: 0, notRedChurned: 0, notRedRenewed: 2 });
    expect([m.precision, m.recall]).toEqual([1, 1]);
  });

  it("leaves out accounts with no score and counts them", () => {
    const m = backtestMetrics([...outcomes([10], [90]), { score: null, colour: null, churned: true }]);
    expect([m.accounts, m.churned, m.unscored, m.auc]).toEqual([2, 1, 1, 1]);
  });

  it("has no AUC without churned or without renewed accounts, and says why", () => {
    const none = backtestMetrics(outcomes([], [50, 60, 70]));
    expect([none.auc, none.aucInterval, none.recall, none.precision]).toEqual([null, null, null, null]);
    expect(none.verdict).toEqual({ level: "unknown", sentence: "No verdict: none of the 3 scored accounts churned, so there is nothing to tell apart. Widen the period or wait for outcomes." });
    const all = backtestMetrics(outcomes([10, 20], []));
    expect(all.auc).toBeNull();
    expect(all.recall).toBe(1);
    expect(all.verdict.sentence).toBe("No verdict: none of the 2 scored accounts renewed, so there is nothing to tell apart. Widen the period or wait for outcomes.");
    expect(backtestMetrics([]).verdict.sentence).toBe("No verdict: no account with a score churned or renewed in the period, so there is nothing to tell apart. Widen the period or wait for outcomes.");
  });

  it("has no precision when nothing was red", () => {
    const m = backtestMetrics(outcomes([50], [80]));
    expect([m.precision, m.recall]).toEqual([null, 0]);
  });

  it("names the band of a well-measured AUC after Hosmer & Lemeshow", () => {
    // 200 churned spread evenly over 0–100, 200 renewed the same shifted up by `gap`:
    // AUC ≈ 1 − (1 − gap/100)² / 2, i.e. 0.595, 0.719, 0.82, 0.92, 0.98 (ties add the small rest).
    const shifted = (gap: number) => outcomes(Array.from({ length: 200 }, (_, i) => i / 2), Array.from({ length: 200 }, (_, i) => i / 2 + gap));
    const levels = [0, 10, 25, 40, 60, 80].map((gap) => {
      const m = backtestMetrics(shifted(gap));
      return [Number(m.auc!.toFixed(3)), m.verdict.level];
    });
    expect(levels).toEqual([
      [0.5, "chance"],
      [0.595, "poor"],
      [0.719, "acceptable"],
      [0.82, "excellent"],
      [0.92, "outstanding"],
      [0.98, "outstanding"],
    ]);
  });

  for (const seed of [21, 22, 23]) {
    it(`agrees with the pairwise definition on generated data with ties (seed ${seed})`, () => {
      const rand = mulberry32(seed);
      for (let run = 0; run < 50; run++) {
        const data: BacktestOutcome[] = Array.from({ length: 2 + Math.floor(rand() * 60) }, () => {
          const churned = rand() < 0.3;
          const score = Math.round((churned ? rand() * 70 : 20 + rand() * 80) / 5) * 5;
          return { score, colour: colourOf(score), churned };
        });
        const m = backtestMetrics(data);
        if (m.churned === 0 || m.renewed === 0) expect(m.auc).toBeNull();
        else expect(m.auc!).toBeCloseTo(pairwiseAuc(data), 12);
      }
    });
  }
});
