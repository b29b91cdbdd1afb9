import { describe, expect, it } from "vitest";
import { addCalls, collectionsCalls, goal, isWriteCall, ratio, salesforceApiCalls, writeCalls, writtenRecord } from "./sync-figures";

describe("salesforceApiCalls", () => {
  it("counts versioned REST and Bulk routes, not OAuth, identity or the version list", () => {
    const requests = {
      "GET /query": 8,
      "PATCH /composite/sobjects": 3,
      "POST /services/oauth2/token": 2,
      "GET /services/data": 1,
      "GET /id/:orgId/:userId": 1,
      "GET /": 1,
      "GET /sobjects/{type}/describe": 0,
    };
    expect(salesforceApiCalls(requests)).toEqual({ total: 12, byKind: { "GET /query": 8, "PATCH /composite/sobjects": 3, "GET /": 1 } });
  });
});

describe("isWriteCall", () => {
  it.each([
    "PATCH /composite/sobjects",
    "PATCH /composite/sobjects (upsert)",
    "PATCH /composite/sobjects/{type}/{field}",
    "POST /composite/sobjects",
    "PATCH /sobjects/{type}/{id}",
    "POST /jobs/ingest",
    "PUT /jobs/ingest/{jobId}/batches",
    "PATCH /jobs/ingest/{jobId}",
    "Bulk 2.0 ingest job",
    "Bulk 2.0 ingest upload",
    "Bulk 2.0 ingest close",
    "POST /metadata/account/custom/value",
    "PUT /accounts/{id}",
  ])("%s writes", (kind) => expect(isWriteCall(kind)).toBe(true));

  it.each([
    "GET /query",
    "GET /query (more)",
    "GET /sobjects/{type}/{id}",
    "POST /aggregation",
    "POST /jobs/query",
    "PATCH /jobs/query/{jobId}",
    "DELETE /jobs/query/{jobId}",
    "POST /composite/sobjects/{type}",
    "GET /jobs/ingest/{jobId}",
    "Bulk 2.0 ingest poll",
    "Bulk 2.0 ingest results",
    "Bulk 2.0 query job",
    "GET /accounts",
  ])("%s does not", (kind) => expect(isWriteCall(kind)).toBe(false));
});

describe("writeCalls", () => {
  it("keeps the write kinds and adds them up", () => {
    expect(writeCalls({ "GET /query": 9, "PATCH /composite/sobjects": 4, "Bulk 2.0 ingest upload": 1, "PUT /accounts/{id}": 0 })).toEqual({
      total: 5,
      byKind: { "PATCH /composite/sobjects": 4, "Bulk 2.0 ingest upload": 1 },
    });
  });

  it("is zero when nothing wrote", () => {
    expect(writeCalls({ "GET /query": 7, "POST /aggregation": 2 })).toEqual({ total: 0, byKind: {} });
  });
});

describe("collectionsCalls", () => {
  it("adds update, upsert and create calls and nothing else", () => {
    expect(collectionsCalls({ "PATCH /composite/sobjects": 5, "PATCH /composite/sobjects/{type}/{field}": 2, "POST /composite/sobjects": 1, "POST /composite/sobjects/{type}": 7, "POST /jobs/ingest": 3 })).toBe(8);
  });
});

describe("addCalls", () => {
  it("sums tallies kind by kind", () => {
    expect(addCalls({ a: 1, b: 2 }, {}, { b: 3, c: 4 })).toEqual({ a: 1, b: 5, c: 4 });
  });
});

describe("writtenRecord", () => {
  it("takes each field's value after the write", () => {
    const fields = { PX_Account_Id__c: { before: null, after: "px-1" }, PX_Last_Seen__c: { before: "2026-01-01T00:00:00.000Z", after: "2026-02-01T00:00:00.000Z" } };
    expect(writtenRecord("Account", "001A", fields)).toEqual({ object: "Account", id: "001A", body: { PX_Account_Id__c: "px-1", PX_Last_Seen__c: "2026-02-01T00:00:00.000Z" } });
  });

  it("keeps a null written to clear a field", () => {
    expect(writtenRecord("Contact", "003A", { Pendo_Last_Visit__c: { before: "x", after: null } })?.body).toEqual({ Pendo_Last_Visit__c: null });
  });

  it("has nothing for a result without fields", () => {
    expect(writtenRecord("Account", "001A", null)).toBeNull();
    expect(writtenRecord("Account", "001A", {})).toBeNull();
    expect(writtenRecord("Account", "001A", { PX_Health_Score__c: { source: "x" } })).toBeNull();
    expect(writtenRecord("Account", "001A", [1, 2])).toBeNull();
  });
});

describe("ratio", () => {
  it("rounds a ÷ b", () => {
    expect(ratio(20558, 28)).toBe(734.2);
    expect(ratio(15027, 9521, 2)).toBe(1.58);
  });

  it("is null with nothing to divide by", () => {
    expect(ratio(5, 0)).toBeNull();
  });
});

describe("goal", () => {
  it("checks a lower bound", () => {
    expect(goal(193.9, { atLeast: 190 })).toEqual({ target: "≥ 190", measured: 193.9, met: true });
    expect(goal(183.8, { atLeast: 190 }).met).toBe(false);
  });

  it("checks an upper bound, bound included", () => {
    expect(goal(0, { atMost: 0 })).toEqual({ target: "≤ 0", measured: 0, met: true });
    expect(goal(61, { atMost: 60 }, " s")).toEqual({ target: "≤ 60 s", measured: 61, met: false });
  });

  it("is not met when nothing was measured", () => {
    expect(goal(null, { atLeast: 100 }, "×")).toEqual({ target: "≥ 100×", measured: null, met: false });
  });
});
