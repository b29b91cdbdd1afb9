import { describe, expect, it } from "vitest";
import type { RunRow } from "@/lib/sync/history/list-runs";
import { localStamp, recordLine, runLine } from "@/lib/sync/history/run-text";

const run: RunRow = {
  id: "run-1",
  integrationId: "sf",
  system: "SALESFORCE",
  integration: "Salesforce",
  kind: "PULL",
  trigger: "schedule",
  triggeredBy: null,
  status: "PARTIAL",
  live: false,
  startedAt: new Date(2026, 11, 1, 10, 4, 5).toISOString(),
  finishedAt: null,
  durationMs: 90_000,
  pull: { read: 1204, created: 12, updated: 0, unchanged: 1192, removed: 0, deleted: 0, merged: 0 },
  match: { linked: 3, unlinked: 0, relinked: 0, unmatched: 40 },
  push: null,
  apiCalls: 16,
  error: "Pendo refused the key: paste a new one on Integrations.",
};

describe("command-line lines", () => {
  it("prints local time without the zone noise", () => {
    expect(localStamp(new Date(2026, 0, 2, 3, 4, 5).toISOString())).toBe("2026-01-02 03:04:05");
  });

  it("puts a run on one line, id first", () => {
    const line = runLine(run);
    expect(line.startsWith("run-1  2026-12-01 10:04:05  Salesforce pull")).toBe(true);
    expect(line).toContain("Partial");
    expect(line).toContain("1 min 30 s");
    expect(line).toContain("16 API calls");
    expect(line).toContain("pulled 1,204 read: 12 new, 1,192 unchanged; matching: 3 linked, 40 unmatched");
    expect(line).toContain("· Pendo refused the key");
    expect(line).not.toContain("\n");
    expect(runLine({ ...run, status: "QUEUED", live: true, durationMs: null, pull: null, match: null, error: null })).toMatch(/Queued\s+waiting/);
  });

  it("puts a record on one line, leaving out what is empty", () => {
    const record = { id: "7", stepId: "s", system: "pendo", object: "account", recordId: "acc-4", name: null, operation: "linked", outcome: "failed", fields: null, createdAt: "" };
    expect(recordLine({ ...record, errorCode: "DUPLICATE_KEY", message: "Pin one on Exceptions." })).toBe("failed     linked     pendo account acc-4  DUPLICATE_KEY  Pin one on Exceptions.");
    expect(recordLine({ ...record, outcome: "succeeded", errorCode: null, message: null })).toBe("succeeded  linked     pendo account acc-4");
    expect(recordLine({ ...record, name: "Acme", outcome: "succeeded", errorCode: null, message: null })).toBe("succeeded  linked     pendo account acc-4 (Acme)");
  });
});
