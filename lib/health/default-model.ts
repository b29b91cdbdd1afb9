import { healthModelSchema, type HealthModel } from "@/lib/health/model";

// Seed 004's formula, the first version every installation starts from. Where the seed gives a
// number it is used as given; where it gives none the choice is marked "not in the seed", to be
// tuned with the backtest (seed 004, mistake 1: validate the formula against known outcomes).
//
// Weights: "Login frequency (20%), Core feature adoption rate (30%), Breadth of feature use (20%),
// NPS score (15%), Support ticket volume (15%)", support "inverted".
//
// Bands: the seed's three thresholds are 40 ("score below 40 = true" for the at-risk flag, and the
// check-in playbook), 25 (escalation to the CS manager) and 70 (recovery: the at-risk flag is
// removed). So red is below 40, green from 70, yellow between; 25 is the critical mark inside red.
//
// Segments: mistake 3 says an enterprise account "trigger[s] immediate escalation at a health score
// of 50" where an SMB account at 50 does not. Enterprise is therefore red below 50 and, since the
// seed's escalation is the critical playbook, critical below 50 too; SMB and Mid-Market keep the
// defaults (the seed names no other figure). ARR_Tier__c is the tier field of the demo org.

export const DEFAULT_HEALTH_MODEL: HealthModel = healthModelSchema.parse({
  name: "Seed 004 default",
  measures: [
    {
      // Login frequency as activeDays30d (days of the 30 with at least one active user) rather than
      // active users per seat: seatUtilisationPct needs a licensed-seats field (Settings › KPI
      // settings) that many orgs do not have, and without it this measure would be missing and its
      // 20 points silently shared out. activeDays30d is a frequency, which is what the seed names,
      // and exists for every account with usage. "0 logins scores 0" (seed, step 4).
      // Not in the seed: the top. 20 days is about every working day of 30 (21–22) less a holiday.
      key: "loginFrequency",
      label: "Login frequency",
      group: "Usage",
      source: { kind: "kpi", key: "activeDays30d" },
      weight: 20,
      direction: "higher-is-better",
      normalisation: { kind: "linear", min: 0, max: 20 },
    },
    {
      // "An account using 80%+ of contracted features scores 100 on adoption rate" (seed, step 4).
      // coreFeatureAdoption30d is null until an admin marks core features or picks a contracted-
      // features field (Settings › KPI settings); until then the measure is left out, the other
      // weights are re-weighted, and the score says so.
      key: "coreFeatureAdoption",
      label: "Core feature adoption",
      group: "Usage",
      source: { kind: "kpi", key: "coreFeatureAdoption30d" },
      weight: 30,
      direction: "higher-is-better",
      normalisation: { kind: "linear", min: 0, max: 80 },
    },
    {
      // Not in the seed: its one feature-percent example (80% scores 100) is reused, so both
      // feature measures read alike; breadth counts every tracked feature, so it is a high bar.
      key: "featureBreadth",
      label: "Breadth of feature use",
      group: "Usage",
      source: { kind: "kpi", key: "featureBreadth30d" },
      weight: 20,
      direction: "higher-is-better",
      normalisation: { kind: "linear", min: 0, max: 80 },
    },
    {
      // NPS runs from −100 to 100 (catalogue); the whole range maps onto 0–100, so 0 scores 50.
      key: "nps",
      label: "NPS",
      group: "Sentiment",
      source: { kind: "kpi", key: "npsScore90d" },
      weight: 15,
      direction: "higher-is-better",
      normalisation: { kind: "linear", min: -100, max: 100 },
    },
    {
      // "Support ticket volume (inverted)": no case scores 100. Not in the seed: the bottom; five
      // cases opened in a month scores 0 (the demo's at-risk accounts open one to five in total).
      key: "supportCases",
      label: "Support cases (30 days)",
      group: "Support",
      source: { kind: "support", window: 30 },
      weight: 15,
      direction: "lower-is-better",
      normalisation: { kind: "linear", min: 0, max: 5 },
    },
  ],
  bands: { red: 40, green: 70, critical: 25 },
  // Off: the seed's score is a weighted composite, and with "any red" one poor NPS answer would
  // turn an account red whatever its usage. Admins who want Totango's rule switch it on.
  anyRedIsRed: false,
  segments: {
    field: "ARR_Tier__c",
    values: [{ value: "Enterprise", bands: { red: 50, green: 70, critical: 50 } }],
  },
});
