import { describe, expect, it } from "vitest";
import { runVerdicts, type ClosedRunFacts } from "@/lib/alerts/rules";
import { DEFAULT_ALERT_RULES, type AlertRules } from "@/lib/alerts/settings-schema";
import { levelFor, transition, type AlertStateName, type Transition } from "@/lib/alerts/state-machine";

/** Feeds verdict levels through the state machine the way applyVerdicts does; returns what is notified. */
function replay(levels: AlertStateName[], start: AlertStateName = "OK"): Transition[] {
  const notified: Transition[] = [];
  let state = start;
  for (const level of levels) {
    const change = transition(state, level);
    if (change) {
      notified.push(change);
      state = change.to;
    }
  }
  return notified;
}

const run = (over: Partial<ClosedRunFacts>): ClosedRunFacts => ({
  kind: "PULL",
  status: "SUCCEEDED",
  error: null,
  durationMs: 120_000,
  read: 1000,
  failedInARow: 0,
  rejected: 0,
  written: 0,
  history: [],
  ...over,
});

const levelOf = (facts: ClosedRunFacts, code: string, rules: AlertRules = DEFAULT_ALERT_RULES) => runVerdicts(facts, rules).find((v) => v.code === code)?.level;

describe("transition", () => {
  it("names every change and stays silent on none", () => {
    expect(transition("OK", "OK")).toBeNull();
    expect(transition("WARNING", "WARNING")).toBeNull();
    expect(transition("CRITICAL", "CRITICAL")).toBeNull();
    expect(transition("OK", "WARNING")).toEqual({ from: "OK", to: "WARNING", kind: "raised" });
    expect(transition("OK", "CRITICAL")).toEqual({ from: "OK", to: "CRITICAL", kind: "raised" });
    expect(transition("WARNING", "CRITICAL")).toEqual({ from: "WARNING", to: "CRITICAL", kind: "escalated" });
    expect(transition("CRITICAL", "WARNING")).toEqual({ from: "CRITICAL", to: "WARNING", kind: "eased" });
    expect(transition("WARNING", "OK")).toEqual({ from: "WARNING", to: "OK", kind: "recovered" });
    expect(transition("CRITICAL", "OK")).toEqual({ from: "CRITICAL", to: "OK", kind: "recovered" });
  });

  it("notifies once per change of state and once on recovery, never once per run", () => {
    const notified = replay(["WARNING", "WARNING", "WARNING", "CRITICAL", "CRITICAL", "CRITICAL", "OK", "OK", "OK"]);
    expect(notified.map((t) => `${t.from}→${t.to}`)).toEqual(["OK→WARNING", "WARNING→CRITICAL", "CRITICAL→OK"]);
    expect(replay(["OK", "OK", "OK"])).toEqual([]);
  });
});

describe("levelFor", () => {
  const t = { enabled: true, warning: 5, critical: 20 };
  it("compares strictly above, at least, and strictly below", () => {
    expect(levelFor(5, t, "above")).toBe("OK");
    expect(levelFor(5.01, t, "above")).toBe("WARNING");
    expect(levelFor(20, t, "above")).toBe("WARNING");
    expect(levelFor(20.5, t, "above")).toBe("CRITICAL");
    expect(levelFor(5, t, "atLeast")).toBe("WARNING");
    expect(levelFor(20, t, "atLeast")).toBe("CRITICAL");
    const below = { enabled: true, warning: 50, critical: 10 };
    expect(levelFor(50, below, "below")).toBe("OK");
    expect(levelFor(49, below, "below")).toBe("WARNING");
    expect(levelFor(9, below, "below")).toBe("CRITICAL");
  });

  it("is OK when the rule is off, and skips a level left empty", () => {
    expect(levelFor(99, { ...t, enabled: false }, "above")).toBe("OK");
    expect(levelFor(99, { enabled: true, warning: null, critical: 20 }, "above")).toBe("CRITICAL");
    expect(levelFor(10, { enabled: true, warning: null, critical: 20 }, "above")).toBe("OK");
    expect(levelFor(99, { enabled: true, warning: 5, critical: null }, "above")).toBe("WARNING");
    expect(levelFor(Number.NaN, t, "above")).toBe("OK");
  });
});

describe("run rules through the state machine", () => {
  it("failed runs: WARNING on the first, CRITICAL on the third in a row, one notification each, one on recovery", () => {
    const levels = [1, 2, 3, 4, 5].map((n) => levelOf(run({ status: "FAILED", error: "boom", failedInARow: n }), "run-failed.pull")!);
    expect(levels).toEqual(["WARNING", "WARNING", "CRITICAL", "CRITICAL", "CRITICAL"]);
    const recovered = levelOf(run({ status: "SUCCEEDED" }), "run-failed.pull")!;
    expect(recovered).toBe("OK");
    expect(replay([...levels, recovered, "OK"]).map((t) => t.kind)).toEqual(["raised", "escalated", "recovered"]);
  });

  it("a partial run is not a failed one", () => {
    expect(levelOf(run({ status: "PARTIAL", failedInARow: 0 }), "run-failed.pull")).toBe("OK");
  });

  it("rejected records: a share of the records written, by the admin's thresholds", () => {
    const sync = (rejected: number, written: number) => levelOf(run({ kind: "SYNC", rejected, written }), "run-rejected.sync");
    expect(sync(0, 0)).toBe("OK");
    expect(sync(5, 100)).toBe("OK");
    expect(sync(6, 100)).toBe("WARNING");
    expect(sync(26, 100)).toBe("CRITICAL");
    const stricter: AlertRules = { ...DEFAULT_ALERT_RULES, rejectedRecords: { enabled: true, warning: 0, critical: 1 } };
    expect(levelOf(run({ kind: "SYNC", rejected: 1, written: 1000 }), "run-rejected.sync", stricter)).toBe("WARNING");
    expect(levelOf(run({ kind: "SYNC", rejected: 11, written: 1000 }), "run-rejected.sync", stricter)).toBe("CRITICAL");
  });

  it("slow runs: compared with the average of the last ten, after three, never under a minute", () => {
    const history = Array.from({ length: 10 }, () => ({ durationMs: 100_000, read: 1000 }));
    expect(levelOf(run({ durationMs: 300_000, history }), "run-slow.pull")).toBe("OK");
    expect(levelOf(run({ durationMs: 300_001, history }), "run-slow.pull")).toBe("WARNING");
    expect(levelOf(run({ durationMs: 700_000, history }), "run-slow.pull")).toBe("CRITICAL");
    expect(levelOf(run({ durationMs: 700_000, history: history.slice(0, 2) }), "run-slow.pull")).toBe("OK");
    const quick = Array.from({ length: 10 }, () => ({ durationMs: 2_000, read: 10 }));
    expect(levelOf(run({ durationMs: 50_000, history: quick }), "run-slow.pull")).toBe("OK");
    // A failed run's duration says nothing: no verdict, the state stays.
    expect(levelOf(run({ status: "FAILED", failedInARow: 1, durationMs: 700_000, history }), "run-slow.pull")).toBeUndefined();
  });

  it("far fewer records: below 50% of the average read, CRITICAL below 10%", () => {
    const history = Array.from({ length: 10 }, () => ({ durationMs: 100_000, read: 1000 }));
    expect(levelOf(run({ read: 500, history }), "run-few-records.pull")).toBe("OK");
    expect(levelOf(run({ read: 499, history }), "run-few-records.pull")).toBe("WARNING");
    expect(levelOf(run({ read: 99, history }), "run-few-records.pull")).toBe("CRITICAL");
    // Runs that read nothing much on average (quiet incremental pulls) are never "far fewer".
    const quiet = Array.from({ length: 10 }, () => ({ durationMs: 100_000, read: 4 }));
    expect(levelOf(run({ read: 0, history: quiet }), "run-few-records.pull")).toBe("OK");
    expect(levelOf(run({ kind: "MATCH", read: null, history }), "run-few-records.match")).toBeUndefined();
  });

  it("keeps run kinds apart: each kind is its own alert", () => {
    const codes = runVerdicts(run({ kind: "USAGE", status: "FAILED", failedInARow: 1 }), DEFAULT_ALERT_RULES).map((v) => v.code);
    expect(codes).toContain("run-failed.usage");
    expect(codes).not.toContain("run-failed.pull");
  });
});

describe("run failed sentence", () => {
  it("says how many failed in a row, and when it stopped counting", () => {
    const said = (over: Partial<ClosedRunFacts>) => runVerdicts(run({ status: "FAILED", error: "Boom.", ...over }), DEFAULT_ALERT_RULES)[0]!.message;
    expect(said({ failedInARow: 1 })).toBe("The last pull failed. It said: Boom. Open it on Sync history for each step's error.");
    expect(said({ failedInARow: 4 })).toMatch(/^The last 4 pulls failed in a row\./);
    expect(said({ failedInARow: 50, streakCapped: true })).toMatch(/^The last 50 or more pulls failed in a row\./);
  });
});
