import { describe, expect, it } from "vitest";
import { firstAssigned, type CsmHistoryEntry } from "@/lib/accounts/csm/first-assigned";

const ADA = "005000000000001AAA";
const BOB = "005000000000002AAA";
const at = (day: string) => new Date(`${day}T12:00:00Z`);
const change = (day: string, fromUserId: string | null, toUserId: string | null, source = "console"): CsmHistoryEntry => ({
  fromUserId,
  toUserId,
  changedAt: at(day),
  changedByEmail: source === "salesforce" ? "Salesforce" : "admin@example.com",
  source,
});

describe("first assigned, derived from the CSM history", () => {
  it("is the value found in Salesforce when Clearinghouse took over an account that had a CSM", () => {
    const history = [change("2026-03-01", ADA, BOB), change("2026-02-01", null, ADA, "salesforce")];
    expect(firstAssigned(history)).toEqual({ userId: ADA, at: at("2026-02-01"), source: "salesforce" });
  });

  it("is the first change that gave a CSM, in whatever order the history comes", () => {
    const history = [change("2026-01-10", null, ADA), change("2026-04-01", BOB, null), change("2026-02-01", ADA, BOB)];
    expect(firstAssigned(history)).toEqual({ userId: ADA, at: at("2026-01-10"), source: "console" });
    expect(firstAssigned([...history].reverse())).toEqual({ userId: ADA, at: at("2026-01-10"), source: "console" });
  });

  it("skips removals: an account whose CSM was removed and later given one was first assigned at that later change", () => {
    expect(firstAssigned([change("2026-01-01", null, null), change("2026-05-01", null, BOB, "cli")])).toEqual({ userId: BOB, at: at("2026-05-01"), source: "cli" });
  });

  it("is null for an account that never had a CSM", () => {
    expect(firstAssigned([])).toBeNull();
    expect(firstAssigned([change("2026-01-01", null, null)])).toBeNull();
  });
});
