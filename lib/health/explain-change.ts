import { apportionTenths, toTenths } from "@/lib/health/apportion";
import type { HealthScore, MeasureScore } from "@/lib/health/score-account";
import { formatPoints, formatValue, formatWeight } from "@/lib/health/wording";

// "Why it changed" (issue 13): the change in score between two days, split by measure, in words.
//
// A measure's part is the change in its contribution: after − before, where a contribution is
// normalised × effective weight and a measure with no value (or not in that day's model) contributes
// 0. The contributions of a day add up to its score, so the parts add up to the change in score
// whatever happened to the missing sets. Re-weighting is attributed to the measures it moves:
// when NPS goes missing, NPS's part is minus its whole contribution, and each remaining measure's
// part includes the weight it gained. Each part is also split into a value effect (the change of
// the measure's own normalised value, at the earlier weight) and a weight effect (the change of its
// effective weight, at the later value): w₁·Δn + n₂·Δw = n₂w₂ − n₁w₁ exactly. A measure that
// appears or disappears has only a value effect: its own arrival or absence.
//
// Parts are computed unrounded and then rounded to tenths by largest remainder against the change
// in the shown scores, so the parts shown add up to the change shown, and a measure whose value
// and weight did not move shows exactly 0.

export type ScoredDay = { day: string } & Pick<HealthScore, "modelVersion" | "score"> & {
    measures: readonly Pick<MeasureScore, "key" | "label" | "value" | "normalised" | "effectiveWeight" | "missing">[];
  };

export interface MeasureSide {
  value: number | null;
  normalised: number | null;
  effectiveWeight: number;
  missing: boolean;
  /** False when that day's model version has no such measure. */
  inModel: boolean;
}

export interface MeasureChange {
  key: string;
  label: string;
  before: MeasureSide;
  after: MeasureSide;
  /** Points of the change in score, one decimal; the parts add up to `ScoreChange.change`. */
  change: number;
  /** The part due to the measure's own value (its arrival or absence included). */
  valueEffect: number;
  /** The part due to re-weighting: other measures missing or back, or new weights in a new model version. */
  weightEffect: number;
  sentence: string;
}

export interface ScoreChange {
  from: { day: string; score: number | null; modelVersion: number };
  to: { day: string; score: number | null; modelVersion: number };
  /** Points, one decimal; null when either day has no score. */
  change: number | null;
  summary: string;
  /** Set when the two days were scored by different model versions. */
  modelNote: string | null;
  /** Largest first (by size), then in model order. */
  parts: MeasureChange[];
}

/** Cost: O(measures log measures). */
export function explainChange(before: ScoredDay, after: ScoredDay): ScoreChange {
  const from = { day: before.day, score: before.score, modelVersion: before.modelVersion };
  const to = { day: after.day, score: after.score, modelVersion: after.modelVersion };
  const modelNote =
    before.modelVersion === after.modelVersion
      ? null
      : `The model changed from version ${before.modelVersion} to version ${after.modelVersion} between these days, so part of the change comes from the new model rather than from the account.`;

  if (before.score === null || after.score === null) {
    const empty = [before, after].filter((d) => d.score === null).map((d) => d.day);
    return {
      from,
      to,
      change: null,
      summary: `No change can be split: every measure was missing on ${empty.join(" and ")}, so there is no score to compare.`,
      modelNote,
      parts: [],
    };
  }

  const beforeByKey = new Map(before.measures.map((m) => [m.key, m]));
  const afterByKey = new Map(after.measures.map((m) => [m.key, m]));
  const keys = [...after.measures.map((m) => m.key), ...before.measures.map((m) => m.key).filter((k) => !afterByKey.has(k))];
  const sides = keys.map((key) => ({ key, b: side(beforeByKey.get(key)), a: side(afterByKey.get(key)), label: (afterByKey.get(key) ?? beforeByKey.get(key))!.label }));

  const totalTenths = Math.round(after.score * 10) - Math.round(before.score * 10);
  const exact = sides.map(({ a, b }) => contribution(a) - contribution(b));
  const partTenths = apportionTenths(exact, totalTenths);

  // Measures that left or joined the model are covered by "the model changed".
  const vanished = sides.filter((s) => s.b.inModel && s.a.inModel && !s.b.missing && s.a.missing).map((s) => s.label);
  const returned = sides.filter((s) => s.b.inModel && s.a.inModel && s.b.missing && !s.a.missing).map((s) => s.label);
  const reweighCause = [
    vanished.length ? `${vanished.join(", ")} ${vanished.length === 1 ? "has" : "have"} no value` : "",
    returned.length ? `${returned.join(", ")} ${returned.length === 1 ? "has" : "have"} a value again` : "",
    modelNote ? "the model changed" : "",
  ]
    .filter(Boolean)
    .join(" and ");

  const parts = sides.map(({ key, label, a, b }, i): MeasureChange => {
    const part = partTenths[i]!;
    const both = !a.missing && !b.missing;
    let valueTenths: number;
    if (!both) valueTenths = part;
    else if (a.effectiveWeight === b.effectiveWeight) valueTenths = part;
    else if (a.normalised === b.normalised) valueTenths = 0;
    else valueTenths = toTenths(((a.normalised! - b.normalised!) * b.effectiveWeight) / 100);
    const weightTenths = part - valueTenths;
    return {
      key,
      label,
      before: b,
      after: a,
      change: part / 10,
      valueEffect: valueTenths / 10,
      weightEffect: weightTenths / 10,
      sentence: sentence(label, b, a, part, valueTenths, weightTenths, reweighCause, after.modelVersion, before.modelVersion),
    };
  });
  // Sorted through the indices: the tie-break is model order, and no copy of each part is made.
  const order = parts.map((_, i) => i).sort((x, y) => Math.abs(parts[y]!.change) - Math.abs(parts[x]!.change) || x - y);

  const moved = totalTenths > 0 ? "rose" : totalTenths < 0 ? "fell" : "did not change";
  const summary =
    totalTenths === 0
      ? `Health did not change: ${formatValue(before.score)} on ${before.day} and on ${after.day}.`
      : `Health ${moved} from ${formatValue(before.score)} on ${before.day} to ${formatValue(after.score)} on ${after.day}: ${formatPoints(totalTenths)}.`;

  return { from, to, change: totalTenths / 10, summary, modelNote, parts: order.map((i) => parts[i]!) };
}

function side(m: ScoredDay["measures"][number] | undefined): MeasureSide {
  if (!m) return { value: null, normalised: null, effectiveWeight: 0, missing: true, inModel: false };
  return { value: m.value, normalised: m.missing ? null : m.normalised, effectiveWeight: m.missing ? 0 : m.effectiveWeight, missing: m.missing, inModel: true };
}

// The same expression as score-account.ts, so a day's parts add up to its score to the last bit.
function contribution(s: MeasureSide): number {
  return s.missing || s.normalised === null ? 0 : (s.normalised * s.effectiveWeight) / 100;
}

function sentence(label: string, b: MeasureSide, a: MeasureSide, part: number, valueTenths: number, weightTenths: number, reweighCause: string, afterVersion: number, beforeVersion: number): string {
  const pts = formatPoints(part);
  if (a.missing && b.missing) return `${label} has no value on either day: ${pts}.`;
  if (b.missing) {
    const why = b.inModel ? `has a value again: ${formatValue(a.value!)}` : `is new in model version ${afterVersion}, at ${formatValue(a.value!)}`;
    return `${label} ${why}, and the other measures weigh less: ${pts}.`;
  }
  if (a.missing) {
    const why = a.inModel ? `has no value (it was ${formatValue(b.value!)}) and is left out` : `is not in model version ${afterVersion} (it was ${formatValue(b.value!)})`;
    return `${label} ${why}, and the other measures weigh more: ${pts}.`;
  }
  const v1 = b.value!;
  const v2 = a.value!;
  let text = v2 > v1 ? `${label} rose from ${formatValue(v1)} to ${formatValue(v2)}` : v2 < v1 ? `${label} fell from ${formatValue(v1)} to ${formatValue(v2)}` : `${label} was unchanged at ${formatValue(v1)}`;
  if (v1 === v2 && a.normalised !== b.normalised) {
    text += `, scored ${formatValue(a.normalised!)} of 100 instead of ${formatValue(b.normalised!)} under model version ${afterVersion} (was ${beforeVersion})`;
  }
  if (a.effectiveWeight !== b.effectiveWeight) {
    text += `; it now weighs ${formatWeight(a.effectiveWeight)} instead of ${formatWeight(b.effectiveWeight)}${reweighCause ? ` because ${reweighCause}` : ""}`;
  }
  text += `: ${pts}`;
  if (valueTenths !== 0 && weightTenths !== 0) text += ` (${formatPoints(valueTenths)} from the value, ${formatPoints(weightTenths)} from the weight)`;
  return `${text}.`;
}
