import type { MappingType } from "@/lib/mapping/types";

// The KPI catalogue of issue 12: every KPI's stable key, name and precise definition, in one place
// for the definitions page, `cli kpis` and the mapping editor's calculated sources. The keys are
// the issue's (PX's calculated fields, seed 001; Pendo's usual measures, seeds 000 and 004).
// compute-kpis.ts computes exactly these keys; a test holds the two together.

export type KpiType = Extract<MappingType, "NUMBER" | "DATE_TIME">;
export type KpiUnit = "users" | "percent" | "minutes" | "days" | "day" | "points" | "responses" | "clicks" | "guides";
export type KpiGroup = "Active users" | "Time in product" | "Features" | "NPS" | "In-app guides" | "Seats";

export interface KpiDefinition {
  key: string;
  name: string;
  group: KpiGroup;
  /** What is counted, over which rows, and when the value is null. */
  definition: string;
  window: string;
  source: string;
  unit: KpiUnit;
  type: KpiType;
  /** Set when the KPI is null for every account today, with the reason. */
  unavailable?: string;
}

/** A number, a "YYYY-MM-DD" day (DATE_TIME KPIs), or null: no value, shown as "—". */
export type KpiValue = number | string | null;
export type KpiValues = Record<string, KpiValue>;

/** What the whole catalogue assumes; the definitions page says it once above the list. */
export const KPI_RULES = [
  "Each KPI is computed per analytics account and per linked Salesforce account, as of a day: the last day the tool's usage is ingested for, unless asked otherwise.",
  "A Salesforce account's KPIs combine the tool's accounts linked to it: users are counted once across them, not added up per account.",
  "Windows are whole days ending with the as-of day, in the tool's own days (Pendo: its subscription's time zone; Gainsight PX: UTC). A user is active on a day with at least one event.",
  "Weeks run Monday to Sunday. “Last week”, “last month” and “last quarter” are the last whole ones ending on or before the as-of day.",
  "A KPI whose window is not wholly inside the days ingested is null (shown as “—”), never 0 or Infinity. Changes are (current − previous) / |previous| × 100 against the window just before, null when the previous value is 0 or either window is missing. Percents and scores are rounded to two decimals.",
] as const;

const ACTIVITY = "Daily activity per user (Pendo visitor activity from its events source; PX sessions, custom events and feature matches)";
const MINUTES = "Daily minutes per user (Pendo's minutes; PX: first to last event of each session)";
const FEATURES = "Feature clicks per user and day (Pendo feature events, PX feature matches) and the tool's list of features";
const NPS = "NPS answers (the rating poll of Pendo NPS guides; PX NPS survey responses)";
const GUIDES = "Guide views per account and day (Pendo guides, PX engagements) and the tool's list of them with their state";

const rolling = (days: number) => `${days} days ending on the as-of day`;
const versus = (days: number) => `${rolling(days)}, against the ${days} days before them`;
const CHANGE_NULL = "Null when the earlier value is 0 or either window is missing.";

function activeUsers(days: 7 | 30 | 90): KpiDefinition[] {
  return [
    {
      key: `activeUsers${days}d`,
      name: `Active users (${days} days)`,
      group: "Active users",
      definition: `Distinct users with at least one event on at least one of the ${days} days.`,
      window: rolling(days),
      source: ACTIVITY,
      unit: "users",
      type: "NUMBER",
    },
    {
      key: `activeUsers${days}dChangePct`,
      name: `Change in active users (${days} days)`,
      group: "Active users",
      definition: `activeUsers${days}d against the same count over the ${days} days before, in percent. ${CHANGE_NULL}`,
      window: versus(days),
      source: ACTIVITY,
      unit: "percent",
      type: "NUMBER",
    },
  ];
}

const PX_NAMES: KpiDefinition[] = [
  { key: "wau", name: "Weekly active users (WAU)", definition: "Gainsight PX's name for activeUsers7d: distinct active users over the rolling 7 days.", window: rolling(7) },
  { key: "mau", name: "Monthly active users (MAU)", definition: "Gainsight PX's name for activeUsers30d: distinct active users over the rolling 30 days.", window: rolling(30) },
  { key: "qau", name: "Quarterly active users (QAU)", definition: "Gainsight PX's name for activeUsers90d: distinct active users over the rolling 90 days.", window: rolling(90) },
  {
    key: "lastMonthMau",
    name: "Last month MAU",
    definition: "Distinct users with at least one event in the last whole calendar month.",
    window: "Last whole calendar month ending on or before the as-of day",
  },
].map((d) => ({ ...d, group: "Active users" as const, source: ACTIVITY, unit: "users" as const, type: "NUMBER" as const }));

const PX_CHANGES: KpiDefinition[] = [
  { key: "wauWowChangePct", name: "Week over week change (WAU)", definition: `wau against the 7 days before, in percent (the same value as activeUsers7dChangePct). ${CHANGE_NULL}`, window: versus(7) },
  { key: "mauMomChangePct", name: "Month over month change (MAU)", definition: `mau against the 30 days before, in percent (the same value as activeUsers30dChangePct). ${CHANGE_NULL}`, window: versus(30) },
  { key: "qauQoqChangePct", name: "Quarter over quarter change (QAU)", definition: `qau against the 90 days before, in percent (the same value as activeUsers90dChangePct). ${CHANGE_NULL}`, window: versus(90) },
].map((d) => ({ ...d, group: "Active users" as const, source: ACTIVITY, unit: "percent" as const, type: "NUMBER" as const }));

const TIME_IN_PRODUCT: KpiDefinition[] = ([
  { key: "minutesInProduct7d", name: "Minutes in product (7 days)", definition: "Minutes all users spent in the product, added up over the 7 days.", window: rolling(7), source: MINUTES, unit: "minutes" },
  { key: "minutesInProduct30d", name: "Minutes in product (30 days)", definition: "Minutes all users spent in the product, added up over the 30 days.", window: rolling(30), source: MINUTES, unit: "minutes" },
  { key: "activeDays30d", name: "Active days (30 days)", definition: "Days, of the 30, on which at least one user was active.", window: rolling(30), source: ACTIVITY, unit: "days" },
] satisfies Omit<KpiDefinition, "group" | "type">[]).map((d) => ({ ...d, group: "Time in product" as const, type: "NUMBER" as const }));

const LAST_VISIT: KpiDefinition = {
  key: "lastVisitAt",
  name: "Last visit",
  group: "Time in product",
  definition: "The last day, up to the as-of day, on which at least one user was active: a day in the tool's days, with no time of day. Null when no user was active in all the days ingested.",
  window: "Every ingested day up to the as-of day",
  source: ACTIVITY,
  unit: "day",
  type: "DATE_TIME",
};

export type FeatureMeasure = `${"users" | "clicks"}${7 | 30 | 90}d${"" | "ChangePct"}`;

/** `feature.<featureId>.<measure>`, e.g. feature.abc123.users30d. */
export function featureKpiKey(featureId: string, measure: FeatureMeasure): string {
  return `feature.${featureId}.${measure}`;
}

function featureKpis(feature: { id: string; name: string }): KpiDefinition[] {
  return ([7, 30, 90] as const).flatMap((days) =>
    (["users", "clicks"] as const).flatMap((what): KpiDefinition[] => {
      const counted = what === "users" ? `Distinct users who clicked “${feature.name}” at least once in the ${days} days.` : `Clicks on “${feature.name}” by all users, added up over the ${days} days.`;
      const label = what === "users" ? "users" : "clicks";
      return [
        { key: featureKpiKey(feature.id, `${what}${days}d`), name: `“${feature.name}” ${label} (${days} days)`, group: "Features", definition: counted, window: rolling(days), source: FEATURES, unit: what, type: "NUMBER" },
        {
          key: featureKpiKey(feature.id, `${what}${days}dChangePct`),
          name: `Change in “${feature.name}” ${label} (${days} days)`,
          group: "Features",
          definition: `${featureKpiKey(feature.id, `${what}${days}d`)} against the ${days} days before, in percent. ${CHANGE_NULL}`,
          window: versus(days),
          source: FEATURES,
          unit: "percent",
          type: "NUMBER",
        },
      ];
    }),
  );
}

const FEATURE_SUMMARY: KpiDefinition[] = [
  {
    key: "featureBreadth30d",
    name: "Feature breadth (30 days)",
    group: "Features",
    definition: "Tracked features (those the tool lists now and has not deleted) clicked by at least one user in the 30 days, as a percent of all tracked features. Null when the tool tracks no feature.",
    window: rolling(30),
    source: FEATURES,
    unit: "percent",
    type: "NUMBER",
  },
  {
    key: "coreFeatureAdoption30d",
    name: "Core feature adoption (30 days)",
    group: "Features",
    definition:
      "Core features clicked by at least one user in the 30 days, as a percent of the core features. The core features of an account are its contracted features when its Salesforce account (itself, or the one its tool account is linked to) lists any in the contracted-features field chosen in KPI settings: a multi-select picklist (“A;B;C”) or text separated by semicolons, commas or line breaks, each name matched to the tool's tracked features by name (trimmed, case ignored), names the tool does not track left out. Otherwise they are the tracked features an admin marked core in KPI settings. Null when that set is empty (no feature marked, or a contract naming only untracked features), or when the 30 days are not all ingested.",
    window: rolling(30),
    source: `${FEATURES}; core features from KPI settings; contracted features from the Salesforce account field chosen there`,
    unit: "percent",
    type: "NUMBER",
  },
];

type NpsWindow = "7d" | "30d" | "90d" | "LastWeek" | "LastMonth" | "LastQuarter";
const NPS_WINDOWS: { suffix: NpsWindow; window: string }[] = [
  { suffix: "7d", window: rolling(7) },
  { suffix: "30d", window: rolling(30) },
  { suffix: "90d", window: rolling(90) },
  { suffix: "LastWeek", window: "Last whole week (Monday to Sunday) ending on or before the as-of day" },
  { suffix: "LastMonth", window: "Last whole calendar month ending on or before the as-of day" },
  { suffix: "LastQuarter", window: "Last whole calendar quarter ending on or before the as-of day" },
];
const NPS_CHANGES = [
  { suffix: "WowChangePct", label: "Week over week", period: "last week", before: "the week before it" },
  { suffix: "MomChangePct", label: "Month over month", period: "last month", before: "the month before it" },
  { suffix: "QoqChangePct", label: "Quarter over quarter", period: "last quarter", before: "the quarter before it" },
] as const;
const windowLabel = (w: NpsWindow) => (w.endsWith("d") ? `${w.slice(0, -1)} days` : w.replace("Last", "last ").toLowerCase());

const NPS_KPIS: KpiDefinition[] = [
  ...NPS_WINDOWS.flatMap(({ suffix, window }): KpiDefinition[] => [
    {
      key: `npsScore${suffix}`,
      name: `NPS score (${windowLabel(suffix)})`,
      group: "NPS",
      definition: "Net Promoter Score of the answers given in the window: percent of answers scoring 9–10 minus percent scoring 0–6, in points from −100 to 100. Every answer counts, also a second one by the same user. Null with no answer in the window.",
      window,
      source: NPS,
      unit: "points",
      type: "NUMBER",
    },
    { key: `npsResponses${suffix}`, name: `NPS responses (${windowLabel(suffix)})`, group: "NPS", definition: "NPS answers given in the window.", window, source: NPS, unit: "responses", type: "NUMBER" },
  ]),
  ...NPS_CHANGES.flatMap(({ suffix, label, period, before }): KpiDefinition[] => [
    {
      key: `npsScore${suffix}`,
      name: `${label} change (NPS score)`,
      group: "NPS",
      definition: `The NPS score of ${period} against ${before}, in percent of the earlier score's size. Null when either period has no answer, the earlier score is 0, or either period is missing.`,
      window: `${period[0]!.toUpperCase()}${period.slice(1)} and ${before}`,
      source: NPS,
      unit: "percent",
      type: "NUMBER",
    },
    {
      key: `npsResponses${suffix}`,
      name: `${label} change (NPS responses)`,
      group: "NPS",
      definition: `NPS answers in ${period} against ${before}, in percent. ${CHANGE_NULL}`,
      window: `${period[0]!.toUpperCase()}${period.slice(1)} and ${before}`,
      source: NPS,
      unit: "percent",
      type: "NUMBER",
    },
  ]),
];

const GUIDE_KPIS: KpiDefinition[] = [
  {
    key: "engagementsTotal",
    name: "Engagements",
    group: "In-app guides",
    definition: "Distinct in-app guides (Pendo) or engagements (PX) seen by at least one user in the 90 days.",
    window: rolling(90),
    source: GUIDES,
    unit: "guides",
    type: "NUMBER",
  },
  {
    key: "engagementsActive",
    name: "Active engagements",
    group: "In-app guides",
    definition: "Of engagementsTotal, those live in the product now (Pendo state public, PX state RUNNING), as the tool listed them at the last ingestion.",
    window: rolling(90),
    source: GUIDES,
    unit: "guides",
    type: "NUMBER",
  },
];

const SEATS: KpiDefinition = {
  key: "seatUtilisationPct",
  name: "Seat utilisation",
  group: "Seats",
  definition:
    "activeUsers30d as a percent of the licensed seats: the number in the Salesforce account field chosen in KPI settings, read from the Salesforce account itself or, for a tool account, from the Salesforce account it is linked to (seed 004, mistake 2: users rolled up to the account against what it pays for). Above 100 when more users are active than seats were bought. Null when no field is chosen, the tool account is not linked, the value is missing or not above 0, or activeUsers30d is null.",
  window: rolling(30),
  source: `${ACTIVITY}; licensed seats from the Salesforce account field chosen in KPI settings`,
  unit: "percent",
  type: "NUMBER",
};

export const ACCOUNT_KPIS: readonly KpiDefinition[] = [
  ...activeUsers(7),
  ...activeUsers(30),
  ...activeUsers(90),
  ...PX_NAMES,
  ...PX_CHANGES,
  ...TIME_IN_PRODUCT,
  LAST_VISIT,
  ...FEATURE_SUMMARY,
  ...NPS_KPIS,
  ...GUIDE_KPIS,
  SEATS,
];

/** The catalogue of one tool: the account KPIs, then twelve per tracked feature. */
export function kpiCatalogue(features: readonly { id: string; name: string }[]): KpiDefinition[] {
  return [...ACCOUNT_KPIS, ...features.flatMap(featureKpis)];
}

/** The per-feature KPIs written once with a placeholder id and name, for the definitions page. */
export const FEATURE_KPI_PATTERNS: readonly KpiDefinition[] = featureKpis({ id: "<featureId>", name: "<feature>" });
