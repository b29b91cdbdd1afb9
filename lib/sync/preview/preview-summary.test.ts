import { describe, expect, it } from "vitest";
import { previewNotes } from "@/lib/sync/preview/preview-notes";
import type { PreviewMatchCounts, PreviewSummary } from "@/lib/sync/preview/preview-summary";
import { readPreviewSummary } from "@/lib/sync/preview/preview-summary";
import { previewText } from "@/lib/sync/preview/preview-text";
import { previewView } from "@/lib/sync/preview/preview-view";

const match = (over: Partial<PreviewMatchCounts> = {}): PreviewMatchCounts => ({
  matched: 10,
  unmatched: 1,
  ambiguous: 0,
  duplicate: 0,
  excluded: 0,
  wouldLink: 0,
  wouldUnlink: 0,
  wouldRelink: 0,
  ...over,
});

function summary(over: Partial<PreviewSummary> = {}): PreviewSummary {
  return {
    preview: true,
    hubPulledAt: "2026-12-01T10:00:00.000Z",
    objects: [
      { tool: "px", system: "salesforce", object: "account", linked: 24, creates: 0, updates: 20, unchanged: 3, skipped: 1, invalid: 2, note: null },
      { tool: "px", system: "px", object: "user", linked: 0, creates: 0, updates: 0, unchanged: 0, skipped: 0, invalid: 0, note: "No field is mapped in this direction: a real run writes nothing here." },
    ],
    samples: [{ system: "salesforce", object: "account", recordId: "001A", fields: { PX_Active_Users_7d__c: { before: null, after: 6 }, PX_Account_Id__c: { before: "old", after: "acct-1" } } }],
    matching: [{ tool: "px", accounts: match(), contacts: match() }],
    apiCalls: [
      { system: "salesforce", writes: 1, reads: 12 },
      { system: "px", writes: 20, reads: null },
    ],
    budget: { needed: 13, allowed: 20_000, max: 100_000, remaining: 99_000, fits: true },
    notes: [],
    ...over,
  };
}

describe("previewNotes", () => {
  it("has nothing to add when matching is settled and the calls fit", () => {
    expect(previewNotes(summary())).toEqual([]);
  });

  it("says when Salesforce was never pulled", () => {
    expect(previewNotes(summary({ hubPulledAt: null }))).toEqual([expect.stringMatching(/^Salesforce has never been pulled .* Run Pull now/)]);
  });

  it("names links a re-match would change, and records left out as ambiguous or duplicate", () => {
    const notes = previewNotes(summary({ matching: [{ tool: "pendo", accounts: match({ wouldLink: 2, ambiguous: 1 }), contacts: match({ wouldRelink: 1, duplicate: 3 }) }] }));
    expect(notes).toEqual([
      expect.stringMatching(/^Matching Pendo now would change 3 links; .* links stored now\./),
      expect.stringMatching(/^4 Pendo records match ambiguously or share a key .* Exceptions page/),
    ]);
  });

  it("warns when the Salesforce calls would not fit the run's budget", () => {
    const notes = previewNotes(summary({ budget: { needed: 2_500, allowed: 2_000, max: 100_000, remaining: 50_000, fits: false } }));
    expect(notes).toEqual([expect.stringMatching(/^A real run would need about 2,500 Salesforce API calls and may use 2,000 now: it would stop/)]);
  });
});

describe("previewText", () => {
  const result = { runId: "run1", integrationId: "px1", system: "PX" as const, status: "SUCCEEDED" as const, summary: summary() };

  it("prints one line per object, the sample before → after, and the calls against the allowance", () => {
    const lines = previewText(result).split("\n");
    expect(lines[0]).toBe("Preview of Gainsight PX Synchronize (run run1): succeeded; nothing was written");
    expect(lines).toContain("Gainsight PX → Salesforce accounts: 0 to create, 20 to update, 3 unchanged, 1 with nothing to write, 2 invalid (24 linked)");
    expect(lines).toContain("Salesforce → Gainsight PX users: No field is mapped in this direction: a real run writes nothing here.");
    expect(lines).toContain('  salesforce account 001A: PX_Active_Users_7d__c: (empty) → 6; PX_Account_Id__c: "old" → "acct-1"');
    expect(lines).toContain("API calls to Salesforce: 1 to write, about 12 to pull (as the last pull did)");
    expect(lines).toContain("API calls to Gainsight PX: 20 to write, reads unknown (never pulled)");
    expect(lines).toContain("Salesforce allowance: a real run needs about 13, may use 20,000 now; 99,000 of 100,000 daily requests left");
  });

  it("names Synchronize all and a failure without a summary", () => {
    expect(previewText({ ...result, system: "SALESFORCE", status: "FAILED", summary: null, error: "Salesforce did not answer." })).toBe(
      "Preview of Synchronize all (run run1): failed; nothing was written. Salesforce did not answer.",
    );
  });
});

describe("reading a preview back", () => {
  it("reads the summary a run's scope holds, and nothing from another scope", () => {
    expect(readPreviewSummary(JSON.parse(JSON.stringify(summary())))).toEqual(summary());
    expect(readPreviewSummary({ records: [{ system: "salesforce", object: "account", recordId: "001A" }] })).toBeNull();
    expect(readPreviewSummary(null)).toBeNull();
  });

  it("shows the run page no sample of field values, and nothing for runs of other kinds", () => {
    const view = previewView("PREVIEW", summary());
    expect(view).not.toHaveProperty("samples");
    expect(view?.objects).toHaveLength(2);
    expect(previewView("SYNC", summary())).toBeNull();
  });
});
