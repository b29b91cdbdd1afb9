import { describe, expect, it } from "vitest";
import { parseAlertCode } from "@/lib/alerts/codes";
import { formatDuration, stateVerdicts, unwatchedVerdicts, type IntegrationFacts } from "@/lib/alerts/rules";
import { DEFAULT_ALERT_RULES } from "@/lib/alerts/settings-schema";

const NOW = new Date("2026-12-01T12:00:00Z");
const HOUR = 3600_000;

const facts = (over: Partial<IntegrationFacts>): IntegrationFacts => ({
  system: "SALESFORCE",
  status: "CONNECTED",
  statusMessage: null,
  hasCredentials: true,
  apiUsed: 1000,
  apiMax: 100_000,
  apiUsageAt: new Date(NOW.getTime() - 60_000),
  connectedAt: new Date(NOW.getTime() - 30 * 24 * HOUR),
  lastPullStartedAt: new Date(NOW.getTime() - 30 * 60_000),
  lastScheduledAt: new Date(NOW.getTime() - 60_000),
  pullIntervalMs: HOUR,
  now: NOW,
  ...over,
});
const level = (f: IntegrationFacts, code: string) => stateVerdicts(f, DEFAULT_ALERT_RULES).find((v) => v.code === code)?.level;

describe("state rules", () => {
  it("API allowance: above 80% WARNING, above 95% CRITICAL; an old figure is not judged", () => {
    expect(level(facts({ apiUsed: 80_000 }), "api-allowance")).toBe("OK");
    expect(level(facts({ apiUsed: 80_001 }), "api-allowance")).toBe("WARNING");
    expect(level(facts({ apiUsed: 96_000 }), "api-allowance")).toBe("CRITICAL");
    expect(level(facts({ apiUsed: 96_000, apiUsageAt: new Date(NOW.getTime() - 25 * HOUR) }), "api-allowance")).toBeUndefined();
    expect(level(facts({ system: "PENDO", apiUsed: 96_000 }), "api-allowance")).toBeUndefined();
  });

  it("a scheduled pull that did not start: no pull within 2× the interval while connected", () => {
    expect(level(facts({ lastPullStartedAt: new Date(NOW.getTime() - 2 * HOUR) }), "schedule-missed")).toBe("OK");
    expect(level(facts({ lastPullStartedAt: new Date(NOW.getTime() - 2 * HOUR - 1) }), "schedule-missed")).toBe("WARNING");
    expect(level(facts({ lastPullStartedAt: new Date(NOW.getTime() - 5 * HOUR) }), "schedule-missed")).toBe("CRITICAL");
    // Just connected, never pulled yet: counted from the connection.
    expect(level(facts({ lastPullStartedAt: null, connectedAt: new Date(NOW.getTime() - HOUR) }), "schedule-missed")).toBe("OK");
    // Not connected: nothing is scheduled.
    expect(level(facts({ status: "RECONNECT_NEEDED", lastPullStartedAt: new Date(NOW.getTime() - 9 * HOUR) }), "schedule-missed")).toBe("OK");
  });

  it("a scheduled pull that did not start: judged against the real schedules' last due time", () => {
    const stale = { lastPullStartedAt: new Date(NOW.getTime() - 9 * HOUR) };
    // Every schedule paused: nothing was due, however long ago the last pull was.
    expect(level(facts({ ...stale, lastScheduledAt: null, pullIntervalMs: null }), "schedule-missed")).toBe("OK");
    // A weekly schedule last due before the last pull: nothing was missed yet.
    expect(level(facts({ ...stale, lastScheduledAt: new Date(NOW.getTime() - 10 * HOUR), pullIntervalMs: HOUR }), "schedule-missed")).toBe("OK");
    // Due since, and 9 h without a pull where the schedules leave at most 2 h: CRITICAL, saying when it was due.
    const verdict = stateVerdicts(facts({ ...stale, lastScheduledAt: new Date(NOW.getTime() - HOUR), pullIntervalMs: 2 * HOUR }), DEFAULT_ALERT_RULES).find((v) => v.code === "schedule-missed")!;
    expect(verdict.level).toBe("CRITICAL");
    expect(verdict.message).toContain("was due at 2026-12-01 11:00 UTC");
  });

  it("reconnect needed: the admin's level, with the card's sentence", () => {
    const verdict = stateVerdicts(facts({ status: "RECONNECT_NEEDED", statusMessage: "Salesforce refused the refresh token." }), DEFAULT_ALERT_RULES).find((v) => v.rule === "reconnectNeeded")!;
    expect(verdict).toMatchObject({ code: "salesforce.reconnect-needed", level: "CRITICAL", message: "Salesforce refused the refresh token." });
    const warning = stateVerdicts(facts({ status: "RECONNECT_NEEDED" }), { ...DEFAULT_ALERT_RULES, reconnectNeeded: { enabled: true, level: "WARNING" } });
    expect(warning.find((v) => v.rule === "reconnectNeeded")!.level).toBe("WARNING");
    expect(level(facts({}), "salesforce.reconnect-needed")).toBe("OK");
  });
});

describe("unwatched alerts", () => {
  it("close every open alert of a disconnected integration, and those of a rule turned off", () => {
    const open = ["run-failed.pull", "api-allowance", "salesforce.reconnect-needed", "someone-elses-code"];
    expect(unwatchedVerdicts(open, DEFAULT_ALERT_RULES, false).map((v) => [v.code, v.level])).toEqual(open.map((c) => [c, "OK"]));
    expect(unwatchedVerdicts(open, DEFAULT_ALERT_RULES, true)).toEqual([]);
    const off = { ...DEFAULT_ALERT_RULES, runFailed: { ...DEFAULT_ALERT_RULES.runFailed, enabled: false } };
    expect(unwatchedVerdicts(open, off, true).map((v) => v.code)).toEqual(["run-failed.pull"]);
  });
});

describe("codes and words", () => {
  it("parses the codes the rules write", () => {
    expect(parseAlertCode("run-failed.sync")).toEqual({ rule: "runFailed", kind: "SYNC" });
    expect(parseAlertCode("run-few-records.pull")).toEqual({ rule: "fewRecords", kind: "PULL" });
    expect(parseAlertCode("salesforce.reconnect-needed")).toEqual({ rule: "reconnectNeeded", kind: null });
    expect(parseAlertCode("run-failed.nope")).toBeNull();
    expect(parseAlertCode("other")).toBeNull();
  });

  it("says durations the way people do", () => {
    expect(formatDuration(45_000)).toBe("45 s");
    expect(formatDuration(5 * 60_000)).toBe("5 min");
    expect(formatDuration(2 * HOUR)).toBe("2 h");
    expect(formatDuration(2 * HOUR + 15 * 60_000)).toBe("2 h 15 min");
  });
});
