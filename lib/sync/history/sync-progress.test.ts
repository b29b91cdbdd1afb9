import { describe, expect, it } from "vitest";
import { syncCounts, syncProgress, type SyncStepRow } from "@/lib/sync/history/sync-progress";

const systems = new Map([
  ["sf", "SALESFORCE" as const],
  ["px", "PX" as const],
]);
const step = (position: number, name: string, integrationId: string, status: SyncStepRow["status"], stats: unknown = {}): SyncStepRow => ({ position, name, integrationId, status, stats });

describe("syncProgress", () => {
  it("names the running step and counts the records of a push", () => {
    const steps = [
      step(0, "pull", "sf", "SUCCEEDED"),
      step(1, "pull", "px", "SUCCEEDED"),
      step(2, "match", "px", "SKIPPED"),
      step(3, "push.salesforce", "px", "RUNNING", { accounts: { total: 400, written: 190, rejected: 10 }, contacts: { total: 0 } }),
      step(4, "push.px", "px", "PENDING"),
    ];
    expect(syncProgress(steps, systems)).toEqual({ step: 4, steps: 5, label: "Pushing Gainsight PX → Salesforce", done: 200, total: 400, percent: 70 });
  });

  it("a pull in progress has no record counts, and a finished run is at 100%", () => {
    expect(syncProgress([step(0, "pull", "sf", "RUNNING"), step(1, "pull", "px", "PENDING")], systems)).toMatchObject({ step: 1, label: "Pulling Salesforce", done: null, percent: 0 });
    expect(syncProgress([step(0, "pull", "sf", "SUCCEEDED"), step(1, "push.px", "px", "FAILED")], systems)).toMatchObject({ step: 2, percent: 100 });
    expect(syncProgress([], systems)).toBeNull();
  });
});

describe("syncCounts", () => {
  it("adds up what the push steps did both ways, ignoring pulls and matches", () => {
    const steps = [
      step(0, "pull", "sf", "SUCCEEDED", { accounts: { read: 100, written: 99 } }),
      step(1, "push.salesforce", "px", "SUCCEEDED", { accounts: { written: 5, unchanged: 20, skipped: 1, rejected: 2, invalid: 1 }, contacts: { written: 3 } }),
      step(2, "push.px", "px", "SUCCEEDED", { accounts: { written: 4, unchanged: 1 } }),
    ];
    expect(syncCounts(steps)).toEqual({ written: 12, unchanged: 21, skipped: 1, failed: 3 });
  });
});
