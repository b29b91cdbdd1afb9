import type { Comparison, Thresholds } from "@/lib/alerts/settings-schema";

// An alert is a small state machine per (integration, rule): OK, WARNING or CRITICAL. Every run
// (and the recurring check) yields a verdict; only a verdict that changes the state is notified,
// so a rule that keeps failing run after run says so once, and once more when it recovers.

export type AlertStateName = "OK" | "WARNING" | "CRITICAL";

const RANK: Record<AlertStateName, number> = { OK: 0, WARNING: 1, CRITICAL: 2 };

export type TransitionKind = "raised" | "escalated" | "eased" | "recovered";

export interface Transition {
  from: AlertStateName;
  to: AlertStateName;
  kind: TransitionKind;
}

/** The change from `current` to `next`, or null when the state stays (nothing to notify). */
export function transition(current: AlertStateName, next: AlertStateName): Transition | null {
  if (current === next) return null;
  const kind: TransitionKind = next === "OK" ? "recovered" : current === "OK" ? "raised" : RANK[next] > RANK[current] ? "escalated" : "eased";
  return { from: current, to: next, kind };
}

/** The level a measure reaches against a rule's thresholds; OK when the rule is off or neither is met. */
export function levelFor(value: number, thresholds: Thresholds, comparison: Comparison): AlertStateName {
  if (!thresholds.enabled || !Number.isFinite(value)) return "OK";
  const meets = (limit: number | null) =>
    limit !== null && (comparison === "atLeast" ? value >= limit : comparison === "above" ? value > limit : value < limit);
  if (meets(thresholds.critical)) return "CRITICAL";
  if (meets(thresholds.warning)) return "WARNING";
  return "OK";
}
