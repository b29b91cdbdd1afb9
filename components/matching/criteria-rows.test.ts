import { describe, expect, it } from "vitest";
import { move, rowsFromRules, rulesFromRows } from "@/components/matching/criteria-rows";
import { DEFAULT_RULES } from "@/lib/matching/rules";

describe("criteria rows", () => {
  it("lists saved criteria first, in order, then the disabled built-ins", () => {
    const rows = rowsFromRules({ accounts: [{ kind: "name", exact: true }, { kind: "salesforceId" }], contacts: [] }, "accounts");
    expect(rows.map((r) => [r.id, r.enabled])).toEqual([
      ["name", true],
      ["salesforceId", true],
      ["domain", false],
      ["recentUserDomain", false],
    ]);
  });

  it("saves only enabled rows, in their order", () => {
    const accounts = move(rowsFromRules(DEFAULT_RULES, "accounts"), 2, 0);
    accounts[1] = { ...accounts[1]!, enabled: false };
    const rules = rulesFromRows({ accounts, contacts: rowsFromRules(DEFAULT_RULES, "contacts") });
    expect(rules.accounts.map((c) => c.kind)).toEqual(["name", "domain", "recentUserDomain"]);
    expect(rules.contacts).toEqual(DEFAULT_RULES.contacts);
  });

  it("ignores moves past either end", () => {
    expect(move([1, 2, 3], 0, -1)).toEqual([1, 2, 3]);
    expect(move([1, 2, 3], 2, 3)).toEqual([1, 2, 3]);
    expect(move([1, 2, 3], 2, 1)).toEqual([1, 3, 2]);
  });
});
