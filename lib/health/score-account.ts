import { apportionTenths, toTenths } from "@/lib/health/apportion";
import { colourFor } from "@/lib/health/colour";
import { segmentKey, type ColourBands, type HealthColour, type HealthModel } from "@/lib/health/model";
import { normaliseMeasure } from "@/lib/health/normalise";
import { formatValue } from "@/lib/health/wording";

export interface MeasureScore {
  key: string;
  label: string;
  group: string | null;
  /** The raw value scored; null when missing. */
  value: number | null;
  /** 0–100, unrounded (explain-change.ts recomputes contributions from it); null when missing. */
  normalised: number | null;
  /** The weight as the model sets it. */
  weight: number;
  /** Percent of the score this measure carries once missing measures are left out; 0 when missing. Unrounded. */
  effectiveWeight: number;
  /** Points of the score, to one decimal; the measures' contributions add up to the score exactly. 0 when missing. */
  contribution: number;
  /** The measure's own colour on the account's bands; null when missing. */
  colour: HealthColour | null;
  missing: boolean;
}

export interface GroupScore {
  group: string | null;
  effectiveWeight: number;
  contribution: number;
}

export interface HealthScore {
  modelVersion: number;
  /** 0–100 to one decimal; null when every measure is missing (see `reason`). */
  score: number | null;
  colour: HealthColour | null;
  /** Red and below the critical bound (seed 004: below 25 escalates). */
  critical: boolean;
  /** The push source "at-risk flag": the account is red (seed 004 step 5: "score below 40 = true"). */
  atRisk: boolean;
  /** Why the account has its colour, or why it has no score. */
  reason: string;
  /** The segment value whose bands applied, as the model spells it; null for the model's own bands. */
  segment: string | null;
  bands: ColourBands;
  /** Keys of the measures that turned the account red under "any red ⇒ red"; empty otherwise. */
  redMeasures: string[];
  measures: MeasureScore[];
  /** Keys of the measures left out for want of a value. */
  missing: string[];
  /** Subtotals per measure group, in the order groups first appear in the model. */
  groups: GroupScore[];
}

export interface ScoreAccountInput {
  model: HealthModel;
  modelVersion: number;
  /** Raw values by measure key (collectMeasureValues); null, undefined or not finite is missing. */
  values: Readonly<Record<string, number | null | undefined>>;
  /** The account's value of the model's segment field (e.g. ARR_Tier__c), if any. */
  segment?: string | null;
}

/**
 * One account's health on one day. Missing measures are left out and the others keep their
 * proportions (issue 13; Totango also leaves attributes with no value out), so an account is not
 * scored down for a KPI its tool cannot compute. Cost: O(measures).
 */
export function scoreAccount({ model, modelVersion, values, segment = null }: ScoreAccountInput): HealthScore {
  const matched = segment === null || !model.segments ? undefined : model.segments.values.find((s) => segmentKey(s.value) === segmentKey(segment));
  const bands = matched?.bands ?? model.bands;

  const present = model.measures.map((m) => {
    const v = values[m.key];
    return typeof v === "number" && Number.isFinite(v) ? v : null;
  });
  const presentWeight = model.measures.reduce((sum, m, i) => (present[i] === null ? sum : sum + m.weight), 0);
  const normalised = model.measures.map((m, i) => (present[i] === null ? null : normaliseMeasure(present[i]!, m)));
  const effective = model.measures.map((m, i) => (present[i] === null ? 0 : (m.weight / presentWeight) * 100));
  const exact = normalised.map((n, i) => (n === null ? 0 : (n * effective[i]!) / 100));
  const missing = model.measures.filter((_, i) => present[i] === null).map((m) => m.key);

  // Fields listed in full rather than spread from a shared object: with 100,000 accounts a day
  // the spread was most of the scoring time (V8 builds a slower object from it).
  const segmentValue = matched?.value ?? null;
  if (presentWeight === 0) {
    const labels = model.measures.map((m) => m.label).join(", ");
    return {
      modelVersion,
      score: null,
      colour: null,
      critical: false,
      atRisk: false,
      reason: `No score: every measure is missing (${labels}).`,
      segment: segmentValue,
      bands,
      redMeasures: [],
      measures: model.measures.map((m) => ({ key: m.key, label: m.label, group: m.group ?? null, value: null, normalised: null, weight: m.weight, effectiveWeight: 0, contribution: 0, colour: null, missing: true })),
      missing,
      groups: groupScores(model, effective, []),
    };
  }

  const scoreTenths = toTenths(exact.reduce((a, b) => a + b, 0));
  const contributionTenths = apportionTenths(exact, scoreTenths);
  const score = scoreTenths / 10;
  const measures: MeasureScore[] = model.measures.map((m, i) => ({
    key: m.key,
    label: m.label,
    group: m.group ?? null,
    value: present[i]!,
    normalised: normalised[i]!,
    weight: m.weight,
    effectiveWeight: effective[i]!,
    contribution: contributionTenths[i]! / 10,
    // On the tenth shown, as the account's colour is, so a measure shown as 40.0 is never red at 40.
    colour: normalised[i] === null ? null : colourFor(toTenths(normalised[i]!) / 10, bands),
    missing: present[i] === null,
  }));

  const redMeasures = model.anyRedIsRed ? measures.filter((m) => m.colour === "red").map((m) => m.key) : [];
  const byScore = colourFor(score, bands);
  const colour: HealthColour = redMeasures.length > 0 ? "red" : byScore;
  const where = matched ? ` for ${matched.value}` : "";
  let reason: string;
  if (redMeasures.length > 0 && byScore !== "red") {
    const names = measures.filter((m) => redMeasures.includes(m.key)).map((m) => `${m.label} (${formatValue(m.normalised!)} of 100)`);
    reason = `Red because ${names.join(", ")} ${names.length === 1 ? "is" : "are"} below ${bands.red}, and any red measure makes the account red; the score alone is ${byScore}.`;
  } else if (colour === "red") {
    reason = `Red: ${formatValue(score)} is below ${bands.red}${where}.`;
  } else if (colour === "yellow") {
    reason = `Yellow: ${formatValue(score)} is from ${bands.red} up to ${bands.green}${where}.`;
  } else {
    reason = `Green: ${formatValue(score)} is ${bands.green} or more${where}.`;
  }
  if (missing.length > 0) {
    const names = measures.filter((m) => m.missing).map((m) => m.label);
    reason += ` Left out for want of a value: ${names.join(", ")}; the other measures are re-weighted.`;
  }

  return {
    modelVersion,
    score,
    colour,
    critical: colour === "red" && bands.critical !== undefined && score < bands.critical,
    atRisk: colour === "red",
    reason,
    segment: segmentValue,
    bands,
    redMeasures,
    measures,
    missing,
    groups: groupScores(model, effective, contributionTenths),
  };
}

function groupScores(model: HealthModel, effective: number[], contributionTenths: number[]): GroupScore[] {
  const groups = new Map<string | null, { effectiveWeight: number; tenths: number }>();
  model.measures.forEach((m, i) => {
    const g = groups.get(m.group ?? null) ?? { effectiveWeight: 0, tenths: 0 };
    g.effectiveWeight += effective[i]!;
    g.tenths += contributionTenths[i] ?? 0;
    groups.set(m.group ?? null, g);
  });
  return [...groups].map(([group, g]) => ({ group, effectiveWeight: g.effectiveWeight, contribution: g.tenths / 10 }));
}
