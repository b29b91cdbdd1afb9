import { describe, expect, it } from "vitest";
import { compareMatchResults } from "@/lib/matching/preview";
import { matchableFieldPairs } from "@/lib/matching/custom-fields";
import { matchAccounts } from "@/lib/matching/match-accounts";
import { DEFAULT_RULES } from "@/lib/matching/rules";

describe("rule preview", () => {
  it("counts both rule sets and lists what would link, unlink and move", () => {
    const sf = [
      { id: "001000000000001AAA", name: "Acme", website: "acme.com" },
      { id: "001000000000002AAA", name: "Acme Holdings", website: "acme.io" },
    ];
    const analytics = [
      { id: "a", name: "Acme Holdings", website: "acme.com" },
      { id: "b", name: "Nobody" },
    ];
    const saved = matchAccounts(sf, analytics, DEFAULT_RULES.accounts);
    const proposed = matchAccounts(sf, analytics, [{ kind: "name", exact: false }]);
    const preview = compareMatchResults(saved, proposed);
    expect(preview.saved).toMatchObject({ matched: 1, unmatched: 1, byCriterion: { "Website domain": 1 } });
    expect(preview.proposed).toMatchObject({ matched: 1, unmatched: 1, byCriterion: { Name: 1 } });
    expect(preview.changes.relinked).toEqual([{ analyticsId: "a", before: "001000000000001AAA", after: "001000000000002AAA" }]);
    expect(preview.changeCounts).toEqual({ linked: 0, unlinked: 0, relinked: 1 });
  });
});

describe("custom field pairs", () => {
  it("offers same-family text and whole-number pairs, never push fields", () => {
    const pairs = matchableFieldPairs(
      [
        { name: "Account_Number__c", type: "string" },
        { name: "Employees__c", type: "double", scale: 0 },
        { name: "Score__c", type: "double", scale: 2 },
        { name: "PX_Account_Id__c", type: "string" },
        { name: "Active__c", type: "boolean" },
      ],
      [
        { name: "sfNumber", type: "STRING" },
        { name: "seats", type: "NUMBER" },
      ],
    );
    expect(pairs).toEqual([
      { salesforceField: "Account_Number__c", analyticsField: "sfNumber", family: "text" },
      { salesforceField: "Employees__c", analyticsField: "seats", family: "integer" },
    ]);
  });
});
