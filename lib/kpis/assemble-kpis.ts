import { changePct, npsScore, percentOf, type NpsCounts } from "@/lib/kpis/arithmetic";
import { featureKpiKey, type KpiValues } from "@/lib/kpis/catalogue";
import { contractedFeatureIds, licensedSeats } from "@/lib/kpis/contract-values";
import { windowCovered, type KpiWindows, type WindowName } from "@/lib/kpis/windows";
import type { UsageCoverage } from "@/lib/usage/cursor";
import type { Day } from "@/lib/usage/days";

// From one account's sums per window (what compute-kpis.ts reads in SQL) to its catalogue values.
// Pure: which windows have data, and the null rules, are decided here and unit-tested.

type PerWindow<T> = Partial<Record<WindowName, T>>;

/** One account's sums per window. A window absent from a map had no rows: zero, if it is covered. */
export interface RawMeasures {
  activeUsers: PerWindow<number>;
  minutes: PerWindow<number>;
  activeDays: PerWindow<number>;
  /** The last day with activity from the first ingested day to the as-of day. */
  lastActiveDay: Day | null;
  /** Per tracked feature id. */
  featureUsers: Record<string, PerWindow<number>>;
  featureClicks: Record<string, PerWindow<number>>;
  nps: PerWindow<NpsCounts>;
  /** Guides or engagements seen in the 90 days, and those of them live now. */
  guidesSeen: number;
  guidesLive: number;
  /**
   * The account's contract as Salesforce holds it (the account itself, or the Salesforce account
   * its tool account is linked to), raw from the fields the KPI settings choose: null without one.
   */
  contractedFeatures: unknown;
  licensedSeats: unknown;
}

export function emptyMeasures(): RawMeasures {
  return { activeUsers: {}, minutes: {}, activeDays: {}, lastActiveDay: null, featureUsers: {}, featureClicks: {}, nps: {}, guidesSeen: 0, guidesLive: 0, contractedFeatures: null, licensedSeats: null };
}

/** The Salesforce account fields of a contract, as the KPI settings choose them; null: not chosen. */
export interface ContractFields {
  salesforceId: string;
  contractedFeaturesField: string | null;
  licensedSeatsField: string | null;
}

export interface KpiContext {
  asOf: Day;
  windows: KpiWindows;
  coverage: UsageCoverage | null;
  /** The tool's tracked features (listed now, not deleted), in catalogue order. */
  featureIds: readonly string[];
  /** The features an admin marked core that the tool still tracks. */
  coreFeatureIds: readonly string[];
  /** Tracked feature ids by name (featureNameKey: trimmed, lower-cased), for a contract's list of names. */
  featureIdsByName: ReadonlyMap<string, readonly string[]>;
  /** Where the contract is read; null when no field is chosen or Salesforce is not connected. */
  contract: ContractFields | null;
}

const ROLLING = [7, 30, 90] as const;
const NO_ANSWER: NpsCounts = { responses: 0, promoters: 0, detractors: 0 };

export function assembleKpis(raw: RawMeasures, ctx: KpiContext): KpiValues {
  const covered = (w: WindowName) => windowCovered(ctx.windows[w], ctx.coverage);
  const count = (sums: PerWindow<number>, w: WindowName) => (covered(w) ? (sums[w] ?? 0) : null);
  const v: KpiValues = {};

  for (const days of ROLLING) {
    const now = count(raw.activeUsers, `d${days}`);
    v[`activeUsers${days}d`] = now;
    v[`activeUsers${days}dChangePct`] = changePct(now, count(raw.activeUsers, `d${days}Before`));
  }
  v.wau = v.activeUsers7d!;
  v.mau = v.activeUsers30d!;
  v.qau = v.activeUsers90d!;
  v.lastMonthMau = count(raw.activeUsers, "lastMonth");
  v.wauWowChangePct = v.activeUsers7dChangePct!;
  v.mauMomChangePct = v.activeUsers30dChangePct!;
  v.qauQoqChangePct = v.activeUsers90dChangePct!;

  v.minutesInProduct7d = count(raw.minutes, "d7");
  v.minutesInProduct30d = count(raw.minutes, "d30");
  v.activeDays30d = count(raw.activeDays, "d30");
  // The last visit up to a day that is not ingested is not known.
  v.lastVisitAt = windowCovered({ from: ctx.asOf, to: ctx.asOf }, ctx.coverage) ? raw.lastActiveDay : null;

  const used30d = (ids: readonly string[]) => ids.filter((id) => (raw.featureUsers[id]?.d30 ?? 0) > 0).length;
  v.featureBreadth30d = covered("d30") ? percentOf(used30d(ctx.featureIds), ctx.featureIds.length) : null;
  // The contract's features where Salesforce lists any, else the admin's; an empty set has no share.
  const core = contractedFeatureIds(raw.contractedFeatures, ctx.featureIdsByName) ?? ctx.coreFeatureIds;
  v.coreFeatureAdoption30d = covered("d30") ? percentOf(used30d(core), core.length) : null;

  const answers = (w: WindowName) => (covered(w) ? (raw.nps[w] ?? NO_ANSWER) : null);
  const score = (w: WindowName) => {
    const a = answers(w);
    return a ? npsScore(a) : null;
  };
  const responses = (w: WindowName) => answers(w)?.responses ?? null;
  const NPS_WINDOWS: [string, WindowName][] = [["7d", "d7"], ["30d", "d30"], ["90d", "d90"], ["LastWeek", "lastWeek"], ["LastMonth", "lastMonth"], ["LastQuarter", "lastQuarter"]];
  for (const [suffix, w] of NPS_WINDOWS) {
    v[`npsScore${suffix}`] = score(w);
    v[`npsResponses${suffix}`] = responses(w);
  }
  const NPS_CHANGES: [string, WindowName, WindowName][] = [["Wow", "lastWeek", "weekBefore"], ["Mom", "lastMonth", "monthBefore"], ["Qoq", "lastQuarter", "quarterBefore"]];
  for (const [label, now, before] of NPS_CHANGES) {
    v[`npsScore${label}ChangePct`] = changePct(score(now), score(before));
    v[`npsResponses${label}ChangePct`] = changePct(responses(now), responses(before));
  }

  v.engagementsTotal = covered("d90") ? raw.guidesSeen : null;
  v.engagementsActive = covered("d90") ? raw.guidesLive : null;
  // Over 100 is kept: more people use the product than the contract pays for (seed 004, mistake 2).
  const seats = licensedSeats(raw.licensedSeats);
  v.seatUtilisationPct = seats !== null && v.activeUsers30d !== null ? percentOf(v.activeUsers30d as number, seats) : null;

  for (const id of ctx.featureIds) {
    for (const days of ROLLING) {
      for (const [what, sums] of [["users", raw.featureUsers[id] ?? {}], ["clicks", raw.featureClicks[id] ?? {}]] as const) {
        const now = count(sums, `d${days}`);
        v[featureKpiKey(id, `${what}${days}d`)] = now;
        v[featureKpiKey(id, `${what}${days}dChangePct`)] = changePct(now, count(sums, `d${days}Before`));
      }
    }
  }
  return v;
}
