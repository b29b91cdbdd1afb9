import { describe, expect, it } from "vitest";
import { assembleKpis, emptyMeasures, type KpiContext, type RawMeasures } from "@/lib/kpis/assemble-kpis";
import { kpiCatalogue } from "@/lib/kpis/catalogue";
import { kpiWindows } from "@/lib/kpis/windows";

// The null rules and the arithmetic on an account's sums; the sums themselves are pinned against
// hand-made rollup rows in compute-kpis.int.test.ts.

const asOf = "2026-11-19";
const FULL = { firstDay: "2026-05-24", lastDay: asOf }; // 180 days: every rolling window and its predecessor
const NAMES: Record<string, string> = { f1: "Dashboards", f2: "Global Search", f3: "Reports", f4: "Export CSV" };
const byName = (ids: string[]) => new Map(ids.map((id) => [(NAMES[id] ?? id).toLowerCase(), [id]]));
const ctx = (over: Partial<KpiContext> = {}): KpiContext => ({
  asOf,
  windows: kpiWindows(asOf),
  coverage: FULL,
  featureIds: ["f1", "f2", "f3", "f4"],
  coreFeatureIds: [],
  featureIdsByName: byName(["f1", "f2", "f3", "f4"]),
  contract: null,
  ...over,
});
const raw = (over: Partial<RawMeasures>): RawMeasures => ({ ...emptyMeasures(), ...over });

describe("assembling an account's KPIs", () => {
  it("gives exactly the catalogue's keys, one set per tracked feature", () => {
    const values = assembleKpis(emptyMeasures(), ctx());
    const features = ["f1", "f2", "f3", "f4"].map((id) => ({ id, name: id }));
    expect(Object.keys(values).sort()).toEqual(kpiCatalogue(features).map((d) => d.key).sort());
  });

  it("active users, their changes and PX's names for them", () => {
    const v = assembleKpis(raw({ activeUsers: { d7: 12, d7Before: 10, d30: 20, d30Before: 25, d90: 40, lastMonth: 18 } }), ctx());
    expect(v).toMatchObject({ activeUsers7d: 12, activeUsers7dChangePct: 20, activeUsers30d: 20, activeUsers30dChangePct: -20, activeUsers90d: 40, activeUsers90dChangePct: null });
    expect(v).toMatchObject({ wau: 12, mau: 20, qau: 40, lastMonthMau: 18, wauWowChangePct: 20, mauMomChangePct: -20, qauQoqChangePct: null });
  });

  it("a brand-new account has today's counts, zeros before, and no change (never Infinity)", () => {
    const v = assembleKpis(raw({ activeUsers: { d7: 2, d30: 2, d90: 2 }, minutes: { d7: 15, d30: 15 }, activeDays: { d30: 1 }, lastActiveDay: asOf }), ctx());
    expect(v).toMatchObject({ activeUsers7d: 2, activeUsers7dChangePct: null, activeUsers30dChangePct: null, lastMonthMau: 0, minutesInProduct7d: 15, activeDays30d: 1, lastVisitAt: asOf });
    expect(v.npsScore30d).toBeNull();
    expect(v.npsResponses30d).toBe(0);
  });

  it("an account without usage has zeros where its windows are ingested, and no last visit", () => {
    const v = assembleKpis(emptyMeasures(), ctx());
    expect(v).toMatchObject({ activeUsers30d: 0, minutesInProduct30d: 0, activeDays30d: 0, lastVisitAt: null, featureBreadth30d: 0, engagementsTotal: 0, engagementsActive: 0 });
    expect(v["feature.f1.users30d"]).toBe(0);
    expect(v["feature.f1.users30dChangePct"]).toBeNull();
  });

  it("a window reaching before the first ingested day is missing data: null, as is every change against it", () => {
    const coverage = { firstDay: "2026-10-01", lastDay: asOf }; // 50 days
    const v = assembleKpis(raw({ activeUsers: { d7: 5, d7Before: 4, d30: 9, d30Before: 9, d90: 12 }, nps: { lastMonth: { responses: 2, promoters: 2, detractors: 0 } } }), ctx({ coverage }));
    expect(v).toMatchObject({ activeUsers7d: 5, activeUsers7dChangePct: 25, activeUsers30d: 9, activeUsers30dChangePct: null, activeUsers90d: null, qau: null, engagementsTotal: null });
    expect(v).toMatchObject({ npsScoreLastMonth: 100, npsResponsesLastMonth: 2, npsScoreMomChangePct: null, npsResponsesMomChangePct: null, npsScoreLastQuarter: null });
  });

  it("nothing ingested, or an as-of day past the ingested days, gives no value at all", () => {
    const measures = raw({ activeUsers: { d7: 5 }, lastActiveDay: "2026-11-18" });
    const none = assembleKpis(measures, ctx({ coverage: null }));
    expect(Object.values(none).every((x) => x === null)).toBe(true);
    const stale = assembleKpis(measures, ctx({ coverage: { firstDay: "2026-05-24", lastDay: "2026-11-18" } }));
    expect(stale.lastVisitAt).toBeNull();
    expect(stale.activeUsers7d).toBeNull();
  });

  it("minutes and active days add up over their windows", () => {
    const v = assembleKpis(raw({ minutes: { d7: 30, d30: 125 }, activeDays: { d30: 11 } }), ctx());
    expect(v).toMatchObject({ minutesInProduct7d: 30, minutesInProduct30d: 125, activeDays30d: 11 });
  });

  it("features: users and clicks per window with changes; breadth over the tracked features; no core feature, no adoption", () => {
    const v = assembleKpis(
      raw({
        featureUsers: { f1: { d7: 3, d7Before: 2, d30: 4, d90: 4 }, f2: { d90: 1 }, gone: { d30: 7 } },
        featureClicks: { f1: { d7: 10, d7Before: 20, d30: 30, d30Before: 30, d90: 31 } },
      }),
      ctx(),
    );
    expect(v).toMatchObject({ "feature.f1.users7d": 3, "feature.f1.users7dChangePct": 50, "feature.f1.clicks7d": 10, "feature.f1.clicks7dChangePct": -50, "feature.f1.clicks30dChangePct": 0 });
    expect(v).toMatchObject({ "feature.f2.users30d": 0, "feature.f2.users90d": 1 });
    // f1 of the four tracked features was used in 30 days; an untracked feature counts for nothing.
    expect(v.featureBreadth30d).toBe(25);
    expect(v["feature.gone.users30d"]).toBeUndefined();
    expect(v.coreFeatureAdoption30d).toBeNull();
    expect(assembleKpis(emptyMeasures(), ctx({ featureIds: [] })).featureBreadth30d).toBeNull();
  });

  it("NPS per window, per last whole week, month and quarter, and their changes", () => {
    const v = assembleKpis(
      raw({
        nps: {
          d7: { responses: 4, promoters: 2, detractors: 1 },
          d90: { responses: 10, promoters: 3, detractors: 3 },
          lastWeek: { responses: 2, promoters: 1, detractors: 0 },
          weekBefore: { responses: 4, promoters: 1, detractors: 0 },
          lastMonth: { responses: 3, promoters: 0, detractors: 3 },
          monthBefore: { responses: 2, promoters: 0, detractors: 1 },
        },
      }),
      ctx(),
    );
    expect(v).toMatchObject({ npsScore7d: 25, npsResponses7d: 4, npsScore30d: null, npsResponses30d: 0, npsScore90d: 0, npsResponses90d: 10 });
    expect(v).toMatchObject({ npsScoreLastWeek: 50, npsScoreWowChangePct: 100, npsResponsesLastWeek: 2, npsResponsesWowChangePct: -50 });
    expect(v).toMatchObject({ npsScoreLastMonth: -100, npsScoreMomChangePct: -100, npsResponsesMomChangePct: 50 });
    // Q3 2026 has no answer and Q2 2026 starts before the first ingested day.
    expect(v).toMatchObject({ npsScoreLastQuarter: null, npsResponsesLastQuarter: 0, npsScoreQoqChangePct: null, npsResponsesQoqChangePct: null });
  });

  it("engagements seen in 90 days and those live now; no licensed seats, no utilisation", () => {
    const v = assembleKpis(raw({ guidesSeen: 3, guidesLive: 2, activeUsers: { d30: 8 } }), ctx());
    expect(v).toMatchObject({ engagementsTotal: 3, engagementsActive: 2, seatUtilisationPct: null });
  });

  describe("core feature adoption (30 days)", () => {
    // f1 and f3 used in the 30 days; f2 only before them; f4 never.
    const usage = raw({ featureUsers: { f1: { d30: 2 }, f2: { d30Before: 1, d90: 1 }, f3: { d7: 1, d30: 1 } } });

    it("is the share of the admin-marked core features used, when Salesforce lists no contract", () => {
      expect(assembleKpis(usage, ctx({ coreFeatureIds: ["f1", "f2", "f4"] })).coreFeatureAdoption30d).toBe(33.33);
      expect(assembleKpis(usage, ctx({ coreFeatureIds: ["f1", "f3"] })).coreFeatureAdoption30d).toBe(100);
      expect(assembleKpis({ ...usage, contractedFeatures: null }, ctx({ coreFeatureIds: ["f2"] })).coreFeatureAdoption30d).toBe(0);
      // A blank or empty list is no contract either.
      expect(assembleKpis({ ...usage, contractedFeatures: " ; " }, ctx({ coreFeatureIds: ["f1", "f2"] })).coreFeatureAdoption30d).toBe(50);
    });

    it("uses the contracted features instead, matched to tracked features by name, trimmed and ignoring case", () => {
      const v = (contractedFeatures: unknown, over: Partial<KpiContext> = {}) => assembleKpis({ ...usage, contractedFeatures }, ctx({ coreFeatureIds: ["f4"], ...over })).coreFeatureAdoption30d;
      expect(v("Dashboards;Global Search")).toBe(50);
      expect(v("  dashboards ;REPORTS")).toBe(100);
      // Text lists: commas and line breaks separate names too; a single picklist value is one name.
      expect(v("Dashboards, Export CSV\nGlobal Search")).toBe(33.33);
      expect(v("Reports")).toBe(100);
      expect(v(["Dashboards", "Export CSV"])).toBe(50);
      // Names the tool does not track are left out of the share, not counted as unused.
      expect(v("Dashboards;Mobile Sync;Workflow Builder")).toBe(100);
      // Two tracked features of one name are both contracted.
      expect(v("Dashboards", { featureIdsByName: new Map([["dashboards", ["f1", "f4"]]]) })).toBe(50);
    });

    it("is null when the set is empty: nothing marked core, or a contract naming only untracked features", () => {
      expect(assembleKpis(usage, ctx()).coreFeatureAdoption30d).toBeNull();
      expect(assembleKpis({ ...usage, contractedFeatures: "Mobile Sync;API Keys" }, ctx({ coreFeatureIds: ["f1"] })).coreFeatureAdoption30d).toBeNull();
    });

    it("is null when the 30 days are not all ingested, as featureBreadth30d", () => {
      const coverage = { firstDay: "2026-11-01", lastDay: asOf };
      const v = assembleKpis({ ...usage, contractedFeatures: "Dashboards" }, ctx({ coreFeatureIds: ["f1"], coverage }));
      expect([v.coreFeatureAdoption30d, v.featureBreadth30d]).toEqual([null, null]);
    });
  });

  describe("seat utilisation", () => {
    const usage = raw({ activeUsers: { d30: 12 } });
    const v = (licensedSeats: unknown, over: Partial<KpiContext> = {}) => assembleKpis({ ...usage, licensedSeats }, ctx(over)).seatUtilisationPct;

    it("is activeUsers30d as a percent of the licensed seats, over 100 when more users are active than bought", () => {
      expect(v(40)).toBe(30);
      expect(v(7)).toBe(171.43);
      expect(v("16")).toBe(75);
      expect(assembleKpis({ ...raw({}), licensedSeats: 10 }, ctx()).seatUtilisationPct).toBe(0);
    });

    it("is null without seats (missing, 0, negative, not a number) or without activeUsers30d", () => {
      for (const seats of [null, undefined, 0, -5, "", "many", Number.NaN]) expect(v(seats), String(seats)).toBeNull();
      expect(v(40, { coverage: { firstDay: "2026-11-01", lastDay: asOf } })).toBeNull();
    });
  });
});
