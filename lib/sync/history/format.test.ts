import { describe, expect, it } from "vitest";
import { describeMatchCounts, describeMatchSummary, describePullCounts, describeTrigger, describeUsageCounts, describeHealthCounts, elapsedMs, formatDuration } from "@/lib/sync/history/format";

const zeroPull = { read: 0, created: 0, updated: 0, unchanged: 0, removed: 0, deleted: 0, merged: 0 };
const zeroMatch = { matched: 0, unmatched: 0, ambiguous: 0, duplicate: 0, excluded: 0, linked: 0, unlinked: 0, relinked: 0, written: 0 };

describe("formatDuration", () => {
  it.each([
    [null, "—"],
    [-5, "—"],
    [0, "0.0 s"],
    [350, "0.4 s"],
    [12_340, "12.3 s"],
    [59_940, "59.9 s"],
    [59_990, "1 min"],
    [60_000, "1 min"],
    [125_000, "2 min 5 s"],
    [3_600_000, "1 h"],
    [3_780_000, "1 h 3 min"],
  ])("%s ms → %s", (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });
});

describe("elapsedMs", () => {
  const t = (s: string) => new Date(`2026-12-01T10:${s}Z`);
  it("measures to the finish, or to now while unfinished, and is null before the start", () => {
    expect(elapsedMs(t("00:00"), t("00:30"), t("59:00"))).toBe(30_000);
    expect(elapsedMs(t("00:00"), null, t("01:00"))).toBe(60_000);
    expect(elapsedMs(null, null, t("01:00"))).toBeNull();
  });
});

describe("describeTrigger", () => {
  it("names what started a run and who", () => {
    expect(describeTrigger("manual", "jane@example.com")).toBe("Manual by jane@example.com");
    expect(describeTrigger("schedule", null)).toBe("Schedule");
    expect(describeTrigger("cli", null)).toBe("Command line");
    expect(describeTrigger("webhook", null)).toBe("webhook");
  });
});

describe("count sentences", () => {
  it("describes a pull, leaving out zero changes", () => {
    expect(describePullCounts({ ...zeroPull, read: 1204, created: 12, updated: 3, unchanged: 1189 })).toBe("1,204 read: 12 new, 3 changed, 1,189 unchanged");
    expect(describePullCounts(zeroPull)).toBe("0 read");
  });

  it("describes what matching changed", () => {
    expect(describeMatchSummary({ linked: 12, unlinked: 1, relinked: 0, unmatched: 40 })).toBe("12 linked, 1 unlinked, 40 unmatched");
    expect(describeMatchSummary({ linked: 0, unlinked: 0, relinked: 0, unmatched: 0 })).toBe("no link changed");
    expect(describeMatchCounts({ ...zeroMatch, matched: 1180, linked: 12, unlinked: 1, unmatched: 40, ambiguous: 2 })).toBe(
      "1,180 matched (links: 12 new, 1 lost), 40 unmatched, 2 ambiguous",
    );
  });
});

describe("describeUsageCounts", () => {
  it("names each rollup table with its rows and days, and says when nothing was new", () => {
    expect(describeUsageCounts({ userDays: { days: 180, rows: 40112 }, npsResponses: { days: 180, rows: 576 }, features: { days: 0, rows: 12 } })).toBe(
      "40,112 user days over 180 days · 576 NPS responses over 180 days · 12 features",
    );
    expect(describeUsageCounts({ userDays: { days: 0, rows: 0 } })).toBe("nothing new to read");
  });
});

describe("describeHealthCounts", () => {
  it("says how many accounts were scored, by colour, with which model version", () => {
    expect(describeHealthCounts({ scored: 196, unscored: 4, red: 37, yellow: 63, green: 96, modelVersion: 2 })).toBe(
      "200 accounts scored with model version 2: 37 red, 63 yellow, 96 green; 4 without any measure",
    );
    expect(describeHealthCounts({ scored: 1, unscored: 0, red: 0, yellow: 1, green: 0, modelVersion: 1 })).toBe("1 account scored with model version 1: 0 red, 1 yellow, 0 green");
    expect(describeHealthCounts({ scored: 0, unscored: 0, red: 0, yellow: 0, green: 0, modelVersion: 1 })).toBe("No Salesforce account to score yet.");
  });
});
