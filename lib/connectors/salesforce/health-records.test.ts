import { describe, expect, it } from "vitest";
import { toCaseRow, toOpportunityRow, toUserRow } from "@/lib/connectors/salesforce/health-records";

// A record read by REST and the same record read by Bulk 2.0 (typed by changes.ts: numbers and
// checkboxes as JSON values, datetimes as …+0000, blank cells "") must give the same hub row.

describe("health record rows", () => {
  it("reads a case the same from REST and from Bulk 2.0", () => {
    const rest = { Id: "500A", AccountId: "001A", Status: "Working", IsClosed: false, CreatedDate: "2026-09-08T19:00:00.000+0000", ClosedDate: null, SystemModstamp: "2026-09-13T19:00:00.000+0000" };
    const bulk = { ...rest, ClosedDate: "" };
    expect(toCaseRow(bulk)).toEqual(toCaseRow(rest));
    expect(toCaseRow(rest)).toEqual({
      id: "500A",
      accountId: "001A",
      status: "Working",
      isClosed: false,
      createdDate: new Date("2026-09-08T19:00:00Z"),
      closedDate: null,
      systemModstamp: new Date("2026-09-13T19:00:00Z"),
    });
  });

  it("reads an opportunity's date as a date, its amount as a number, and blanks as null", () => {
    const rest = { Id: "006A", AccountId: "001A", Type: "Renewal", StageName: "Closed Lost", IsClosed: true, IsWon: false, CloseDate: "2026-02-15", Amount: 1200.5, SystemModstamp: "2026-02-15T00:00:00.000+0000" };
    expect(toOpportunityRow(rest)).toMatchObject({ type: "Renewal", isClosed: true, isWon: false, closeDate: "2026-02-15", amount: 1200.5 });
    // An untyped cell (a field whose describe type was not cached) still reads as the same value.
    expect(toOpportunityRow({ ...rest, IsClosed: "true", IsWon: "false", Amount: "1200.5" })).toEqual(toOpportunityRow(rest));
    expect(toOpportunityRow({ ...rest, AccountId: "", Type: "", Amount: "", CloseDate: "" })).toMatchObject({ accountId: null, type: null, amount: null, closeDate: null });
  });

  it("reads a user, inactive ones included", () => {
    expect(toUserRow({ Id: "005A", Name: "Ada CSM", Email: "ada@example.com", IsActive: false, SystemModstamp: "2025-01-01T00:00:00.000+0000" })).toEqual({
      id: "005A",
      name: "Ada CSM",
      email: "ada@example.com",
      isActive: false,
      systemModstamp: new Date("2025-01-01T00:00:00Z"),
    });
  });
});
