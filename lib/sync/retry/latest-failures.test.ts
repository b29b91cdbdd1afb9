import { describe, expect, it } from "vitest";
import { latestFailures, pickFailed, type PushResultRow } from "@/lib/sync/retry/latest-failures";

let next = 1n;
function row(recordId: string, outcome: string, more: Partial<PushResultRow> = {}): PushResultRow {
  return { id: next++, runId: "run-1", integrationId: "px", system: "salesforce", object: "account", recordId, outcome, ...more };
}

describe("latestFailures", () => {
  it("keeps a record whose newest result is a failure, once, and drops one written, dismissed or found up to date since", () => {
    const rows = [
      row("A", "rejected"),
      row("B", "rejected"),
      row("C", "invalid"),
      row("D", "failed"),
      row("A", "rejected", { runId: "run-2" }),
      row("B", "succeeded", { runId: "run-2" }),
      row("C", "skipped", { runId: "run-2" }),
    ];
    expect(latestFailures(rows).map((r) => [r.recordId, r.runId])).toEqual([
      ["D", "run-1"],
      ["A", "run-2"],
    ]);
  });

  it("reads the newest result by id, not by the order rows arrive in", () => {
    const older = row("A", "succeeded");
    const newer = row("A", "rejected");
    expect(latestFailures([newer, older]).map((r) => r.outcome)).toEqual(["rejected"]);
    const fixedLater = row("A", "succeeded");
    expect(latestFailures([fixedLater, newer, older])).toEqual([]);
  });

  it("tells the same record apart per tool, system and object", () => {
    const rows = [
      row("001A", "rejected", { integrationId: "px" }),
      row("001A", "succeeded", { integrationId: "pendo" }),
      row("acct-1", "rejected", { system: "px", object: "account" }),
      row("acct-1", "succeeded", { system: "px", object: "user" }),
    ];
    expect(latestFailures(rows).map((r) => `${r.integrationId}/${r.system}/${r.object}/${r.recordId}`)).toEqual(["px/salesforce/account/001A", "px/px/account/acct-1"]);
  });
});

describe("pickFailed", () => {
  const failed = [row("A", "rejected"), row("A", "rejected", { integrationId: "pendo" }), row("B", "invalid"), row("C", "succeeded")];

  it("takes every failure of the run once per write", () => {
    expect(pickFailed(failed, "all").records).toEqual([
      { integrationId: "px", system: "salesforce", object: "account", recordId: "A" },
      { integrationId: "pendo", system: "salesforce", object: "account", recordId: "A" },
      { integrationId: "px", system: "salesforce", object: "account", recordId: "B" },
    ]);
  });

  it("takes the named records, each push that failed it, and names those that did not fail", () => {
    const picked = pickFailed(failed, [
      { system: "salesforce", object: "account", recordId: "A" },
      { system: "salesforce", object: "account", recordId: "C" },
      { system: "salesforce", object: "contact", recordId: "B" },
    ]);
    expect(picked.records.map((r) => `${r.integrationId}/${r.recordId}`)).toEqual(["px/A", "pendo/A"]);
    expect(picked.unknown).toEqual([
      { system: "salesforce", object: "account", recordId: "C" },
      { system: "salesforce", object: "contact", recordId: "B" },
    ]);
  });
});
