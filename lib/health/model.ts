import { z } from "zod";
import { ACCOUNT_KPIS } from "@/lib/kpis/catalogue";

// A health model as an admin defines it in the editor, and as each model version is stored. It is
// data only: score-account.ts gives it meaning. The shape follows the peers that CSMs already know
// (notes/peers.md §1.6, §6.8): weighted measures in groups (Gainsight scorecards), tiered points
// (ChurnZero), a direction per measure (Quivly) and an optional "any poor ⇒ poor" rule (Totango).

export const HEALTH_COLOURS = ["red", "yellow", "green"] as const;
export type HealthColour = (typeof HEALTH_COLOURS)[number];

const percentScale = (what: string) =>
  z
    .number({ error: `${what} must be a number from 0 to 100.` })
    .min(0, { error: `${what} must be a number from 0 to 100.` })
    .max(100, { error: `${what} must be a number from 0 to 100.` });

/**
 * Colour bands on the 0–100 score: red below `red`, yellow below `green`, green from `green` up.
 * `critical` marks the worst of the red (seed 004: below 25 escalates to the CS manager); it is a
 * flag on a red score, not a fourth colour, since CSMs and Salesforce work with three colours.
 */
export const colourBandsSchema = z
  .object({
    red: percentScale("The red bound"),
    green: percentScale("The green bound"),
    critical: percentScale("The critical bound").optional(),
  })
  .superRefine((b, ctx) => {
    if (b.red >= b.green) {
      ctx.addIssue({ code: "custom", path: ["green"], message: `The green bound (${b.green}) must be above the red bound (${b.red}), so that yellow lies between them.` });
    }
    if (b.critical !== undefined && b.critical > b.red) {
      ctx.addIssue({ code: "custom", path: ["critical"], message: `The critical bound (${b.critical}) must not be above the red bound (${b.red}): critical is the worst part of red.` });
    }
  });
export type ColourBands = z.infer<typeof colourBandsSchema>;

// KPI keys: a numeric account KPI of the catalogue, or a per-feature KPI (its ids are the tool's).
const NUMERIC_KPI_KEYS = new Set(ACCOUNT_KPIS.filter((k) => k.type === "NUMBER").map((k) => k.key));
const DAY_KPI_KEYS = new Set(ACCOUNT_KPIS.filter((k) => k.type !== "NUMBER").map((k) => k.key));
const FEATURE_KPI_KEY = /^feature\.[^.\s]+\.(users|clicks)(7|30|90)d(ChangePct)?$/;

const kpiKey = z
  .string()
  .trim()
  .superRefine((key, ctx) => {
    if (DAY_KPI_KEYS.has(key)) ctx.addIssue({ code: "custom", message: `The KPI ${key} is a day, not a number; choose a numeric KPI.` });
    else if (!NUMERIC_KPI_KEYS.has(key) && !FEATURE_KPI_KEY.test(key)) {
      ctx.addIssue({ code: "custom", message: `${key === "" ? "A KPI" : `The KPI ${key}`} is not in the KPI catalogue; choose one from the catalogue (for example activeDays30d).` });
    }
  });

export const measureSourceSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("kpi"), key: kpiKey }),
  z.object({
    kind: z.literal("salesforce"),
    field: z
      .string()
      .trim()
      .regex(/^[A-Za-z][A-Za-z0-9_]*$/, { error: "Give the Salesforce field's API name, e.g. ARR__c." })
      .max(80, { error: "A Salesforce field API name has at most 80 characters." }),
  }),
  // The support measure of seed 004 and issue 13: the account's Salesforce Cases created in the
  // 30 days ending on the scored day, whatever their status now, so closing a case quickly does not
  // hide that the customer needed help. 30 days only: that is the window the sync counts.
  z.object({ kind: z.literal("support"), window: z.literal(30, { error: "Support cases are counted over 30 days." }) }),
]);
export type MeasureSource = z.infer<typeof measureSourceSchema>;

export const MEASURE_DIRECTIONS = ["higher-is-better", "lower-is-better"] as const;
export type MeasureDirection = (typeof MEASURE_DIRECTIONS)[number];

/**
 * How a raw value becomes 0–100. Linear: `min` scores 0 and `max` scores 100 (reversed for a
 * lower-is-better measure), clamped outside. Tiered (ChurnZero's tiers, top of each range
 * inclusive): the first tier whose `upTo` the value does not exceed gives its points; above the
 * last, `abovePoints`. Tier points are already on the 0–100 scale, so direction does not flip them.
 */
export const normalisationSchema = z.discriminatedUnion("kind", [
  z
    .object({ kind: z.literal("linear"), min: z.number({ error: "Give the lower bound as a number." }), max: z.number({ error: "Give the upper bound as a number." }) })
    .superRefine((n, ctx) => {
      if (n.min >= n.max) ctx.addIssue({ code: "custom", path: ["max"], message: `The lower bound (${n.min}) must be below the upper bound (${n.max}); for lower-is-better, set the direction instead of swapping them.` });
    }),
  z.object({
    kind: z.literal("tiered"),
    tiers: z
      .array(z.object({ upTo: z.number({ error: "Give each tier's upper value as a number." }), points: percentScale("Tier points") }))
      .min(1, { error: "Give at least one tier." })
      .max(20, { error: "Use at most 20 tiers." }),
    abovePoints: percentScale("The points above the last tier"),
  }),
]);
export type Normalisation = z.infer<typeof normalisationSchema>;

export const measureSchema = z
  .object({
    key: z
      .string()
      .trim()
      .regex(/^[a-zA-Z][a-zA-Z0-9_-]{0,62}$/, { error: "A measure key starts with a letter and holds only letters, digits, - and _ (at most 63)." }),
    label: z.string().trim().min(1, { error: "Give the measure a name." }).max(80, { error: "A measure name has at most 80 characters." }),
    source: measureSourceSchema,
    weight: z.number({ error: "Give the weight as a number." }).positive({ error: "Weights must be positive; remove a measure rather than weighting it 0." }).max(1000, { error: "Weights must be at most 1000." }),
    direction: z.enum(MEASURE_DIRECTIONS, { error: "The direction is higher-is-better or lower-is-better." }),
    normalisation: normalisationSchema,
    group: z.string().trim().min(1).max(60, { error: "A group name has at most 60 characters." }).optional(),
  })
  .superRefine((m, ctx) => {
    if (m.normalisation.kind !== "tiered") return;
    const { tiers, abovePoints } = m.normalisation;
    for (let i = 1; i < tiers.length; i++) {
      if (tiers[i]!.upTo <= tiers[i - 1]!.upTo) {
        ctx.addIssue({ code: "custom", path: ["normalisation", "tiers", i, "upTo"], message: `Tiers must be in rising order: tier ${i + 1} (up to ${tiers[i]!.upTo}) must be above tier ${i} (up to ${tiers[i - 1]!.upTo}).` });
      }
    }
    // Points follow the direction, so "higher-is-better" means the same for tiers as for a line and
    // the "rose"/"fell" sentences of explain-change.ts read right.
    const points = [...tiers.map((t) => t.points), abovePoints];
    if (points.some((p) => !(p >= 0 && p <= 100))) return; // already reported; one fix at a time
    const rising = m.direction === "higher-is-better";
    for (let i = 1; i < points.length; i++) {
      const wrong = rising ? points[i]! < points[i - 1]! : points[i]! > points[i - 1]!;
      if (wrong) {
        const where = i === tiers.length ? "a value above the last tier" : `tier ${i + 1}`;
        ctx.addIssue({
          code: "custom",
          path: i === tiers.length ? ["normalisation", "abovePoints"] : ["normalisation", "tiers", i, "points"],
          message: `For a ${m.direction} measure, points must not ${rising ? "fall" : "rise"} as the value rises: ${where} scores ${points[i]} after ${points[i - 1]}.`,
        });
        break;
      }
    }
  });
export type HealthMeasure = z.infer<typeof measureSchema>;

/**
 * Bands per segment (seed 004, mistake 3: an enterprise account is at risk at 50 where an SMB
 * account is at 40). The segment is the value of one Salesforce account field, e.g. ARR_Tier__c,
 * compared without regard to case or surrounding spaces; other values use the model's bands.
 */
export const segmentBandsSchema = z
  .object({
    field: z.string().trim().regex(/^[A-Za-z][A-Za-z0-9_]*$/, { error: "Give the segment's Salesforce field API name, e.g. ARR_Tier__c." }),
    values: z.array(z.object({ value: z.string().trim().min(1, { error: "Give the segment value, e.g. Enterprise." }).max(255), bands: colourBandsSchema })).max(50),
  })
  .superRefine((s, ctx) => {
    const seen = new Set<string>();
    s.values.forEach((v, i) => {
      const k = segmentKey(v.value);
      if (seen.has(k)) ctx.addIssue({ code: "custom", path: ["values", i, "value"], message: `The segment ${v.value} is listed twice; keep one set of bands per segment.` });
      seen.add(k);
    });
  });
export type SegmentBands = z.infer<typeof segmentBandsSchema>;

export const healthModelSchema = z
  .object({
    name: z.string().trim().min(1, { error: "Give the model a name." }).max(120, { error: "A model name has at most 120 characters." }),
    measures: z.array(measureSchema).min(1, { error: "Add at least one measure." }).max(50, { error: "Use at most 50 measures." }),
    bands: colourBandsSchema,
    /** Totango's "any poor ⇒ poor": a measure below the red bound makes the account red, whatever its score. */
    anyRedIsRed: z.boolean().default(false),
    segments: segmentBandsSchema.optional(),
  })
  .superRefine((model, ctx) => {
    const seen = new Map<string, number>();
    model.measures.forEach((m, i) => {
      const first = seen.get(m.key);
      if (first !== undefined) ctx.addIssue({ code: "custom", path: ["measures", i, "key"], message: `Measures ${first + 1} and ${i + 1} share the key ${m.key}; give each measure its own key.` });
      else seen.set(m.key, i);
    });
  });
export type HealthModel = z.infer<typeof healthModelSchema>;
/** A model as it arrives from the editor or storage, before defaults are filled in. */
export type HealthModelInput = z.input<typeof healthModelSchema>;

/** How segment values compare: Salesforce picklists are edited by people, "enterprise " included. */
export function segmentKey(value: string): string {
  return value.trim().toLowerCase();
}
