// SOQL semantics run directly against an in-memory org (no HTTP): WHERE trees, null rules,
// case-insensitive strings, date literals, ordering, aggregates and relationships.

import { beforeAll, describe, expect, it } from "vitest";
import { EmulatorClock } from "./clock";
import { SfApiError } from "./errors";
import { loadSalesforceFixture } from "./fixture";
import { OrgData } from "./org";
import { dateLiteralRange } from "./soql/date-literals";
import { compileQuery, executeQuery, projectRecord } from "./soql/execute";

const NOW = "2026-03-04T15:30:00.000Z"; // a Wednesday

let org: OrgData;

function q(soql: string, includeDeleted = false): Array<Record<string, unknown>> {
  const compiled = compileQuery(org, soql);
  const run = executeQuery(org, compiled, { includeDeleted });
  return run.aggregateRows ?? run.rows.map((r) => projectRecord(org, run, r, "62.0"));
}

function names(soql: string): unknown[] {
  return q(soql).map((r) => r.Name);
}

function errorOf(soql: string): SfApiError {
  try {
    compileQuery(org, soql);
  } catch (err) {
    if (err instanceof SfApiError) return err;
    throw err;
  }
  throw new Error(`expected ${soql} to fail`);
}

beforeAll(() => {
  const clock = new EmulatorClock(NOW);
  clock.setFrozen(true);
  org = new OrgData(clock, 9);
  const A = (n: number): string => `0010000000000${String(n).padStart(2, "0")}AAA`;
  loadSalesforceFixture(org, {
    customFields: { Account: [{ name: "Tags__c", type: "multipicklist", label: "Tags", picklistValues: ["a", "b", "c"] }] },
    objects: {
      Account: [
        { Id: A(1), Name: "Alpha", Industry: "Banking", NumberOfEmployees: 10, AnnualRevenue: 100, Tags__c: "a;b", CreatedDate: "2026-03-04T01:00:00.000+0000", LastActivityDate: "2026-03-04" },
        { Id: A(2), Name: "beta", Industry: "Banking", NumberOfEmployees: 20, AnnualRevenue: 300, Tags__c: "c", CreatedDate: "2026-03-03T23:59:59.000+0000", LastActivityDate: "2026-02-20" },
        { Id: A(3), Name: "Gamma 50%", Industry: "Retail", NumberOfEmployees: null, CreatedDate: "2026-02-01T00:00:00.000+0000" },
        { Id: A(4), Name: "delta_x", Industry: null, NumberOfEmployees: 5, CreatedDate: "2025-12-31T12:00:00.000+0000" },
        { Id: A(5), Name: "Zed", Industry: "Retail", NumberOfEmployees: 40, IsDeleted: true, CreatedDate: "2026-01-15T00:00:00.000+0000" },
      ],
      Contact: [
        { LastName: "One", AccountId: A(1), Email: "one@x.test" },
        { LastName: "Two", AccountId: A(1) },
        { LastName: "Three", AccountId: A(2) },
      ],
      Opportunity: [{ Name: "Deal", StageName: "Prospecting", CloseDate: "2026-04-01", AccountId: A(2) }],
      Task: [
        { Subject: "Call Alpha", WhatId: A(1) },
        { Subject: "Loose" },
      ],
    },
  });
});

describe("WHERE", () => {
  it("compares strings case-insensitively with =, IN and LIKE", () => {
    expect(names("SELECT Name FROM Account WHERE Name = 'ALPHA'")).toEqual(["Alpha"]);
    expect(names("SELECT Name FROM Account WHERE Name IN ('BETA', 'gamma 50%')")).toEqual(["beta", "Gamma 50%"]);
    expect(names("SELECT Name FROM Account WHERE Name LIKE '%A'")).toEqual(["Alpha", "beta"]);
    expect(names("SELECT Name FROM Account WHERE Name LIKE '%50\\%'")).toEqual(["Gamma 50%"]);
    expect(names("SELECT Name FROM Account WHERE Name LIKE 'delta\\_%'")).toEqual(["delta_x"]);
    expect(names("SELECT Name FROM Account WHERE Name LIKE 'd_lta%'")).toEqual(["delta_x"]);
  });

  it("treats nulls like Salesforce: != matches null, < and > never do", () => {
    expect(names("SELECT Name FROM Account WHERE Industry != 'Banking' ORDER BY Name")).toEqual(["delta_x", "Gamma 50%"]);
    expect(names("SELECT Name FROM Account WHERE Industry = null")).toEqual(["delta_x"]);
    expect(names("SELECT Name FROM Account WHERE NumberOfEmployees < 100 ORDER BY Name")).toEqual(["Alpha", "beta", "delta_x"]);
    expect(names("SELECT Name FROM Account WHERE Industry NOT IN ('Banking')")).toEqual(["Gamma 50%"]);
    expect(names("SELECT Name FROM Account WHERE IsDeleted = null")).toHaveLength(4);
  });

  it("builds AND/OR/NOT trees from parentheses", () => {
    expect(names("SELECT Name FROM Account WHERE (Industry = 'Retail' OR NumberOfEmployees > 15) AND NOT Name = 'Gamma 50%'")).toEqual(["beta"]);
    expect(names("SELECT Name FROM Account WHERE NOT (Industry = 'Banking' OR Industry = null)")).toEqual(["Gamma 50%"]);
    expect(names("SELECT Name FROM Account WHERE Industry = 'Banking' AND (NumberOfEmployees = 10 OR (Name = 'beta' AND AnnualRevenue > 200))")).toEqual([
      "Alpha",
      "beta",
    ]);
    expect(errorOf("SELECT Name FROM Account WHERE Name = 'a' OR Name = 'b' AND Name = 'c'")).toMatchObject({
      errorCode: "MALFORMED_QUERY",
      message: expect.stringContaining("unexpected token: AND"),
    });
  });

  it("supports multipicklist INCLUDES/EXCLUDES and semi-joins", () => {
    expect(names("SELECT Name FROM Account WHERE Tags__c INCLUDES ('a;b')")).toEqual(["Alpha"]);
    expect(names("SELECT Name FROM Account WHERE Tags__c INCLUDES ('b', 'c') ORDER BY Name")).toEqual(["Alpha", "beta"]);
    expect(names("SELECT Name FROM Account WHERE Tags__c EXCLUDES ('a')")).toEqual(["beta"]);
    expect(names("SELECT Name FROM Account WHERE Id IN (SELECT AccountId FROM Contact WHERE Email != null)")).toEqual(["Alpha"]);
    expect(names("SELECT Name FROM Account WHERE Id NOT IN (SELECT AccountId FROM Contact) ORDER BY Name")).toEqual(["delta_x", "Gamma 50%"]);
  });

  it("filters on parent fields", () => {
    expect(q("SELECT LastName FROM Contact WHERE Account.Name = 'alpha' ORDER BY LastName").map((r) => r.LastName)).toEqual(["One", "Two"]);
    expect(q("SELECT Subject FROM Task WHERE What.Name = null").map((r) => r.Subject)).toEqual(["Loose"]);
  });

  it("checks literal types against field types", () => {
    expect(errorOf("SELECT Id FROM Account WHERE CreatedDate = 2026-03-04").message).toContain("must be of type dateTime and should not be enclosed in quotes");
    expect(errorOf("SELECT Id FROM Account WHERE LastActivityDate = '2026-03-04'").message).toContain("must be of type date");
    expect(errorOf("SELECT Id FROM Account WHERE Name = 5").message).toContain("must be of type string and should be enclosed in quotes");
    expect(errorOf("SELECT Id FROM Account WHERE NumberOfEmployees = '5'").message).toContain("must be of type integer");
    expect(errorOf("SELECT Id FROM Account WHERE Id = 'abc'")).toMatchObject({ errorCode: "INVALID_QUERY_FILTER_OPERATOR" });
    expect(errorOf("SELECT Id FROM Account WHERE Description = 'x'").message).toContain("can not be filtered");
  });
});

describe("dates", () => {
  it("computes literal ranges from the emulator clock", () => {
    const now = Date.parse(NOW);
    const iso = (r: { start: number; end: number } | undefined): string[] => [new Date(r!.start).toISOString(), new Date(r!.end).toISOString()];
    expect(iso(dateLiteralRange("TODAY", undefined, now))).toEqual(["2026-03-04T00:00:00.000Z", "2026-03-05T00:00:00.000Z"]);
    expect(iso(dateLiteralRange("THIS_WEEK", undefined, now))).toEqual(["2026-03-01T00:00:00.000Z", "2026-03-08T00:00:00.000Z"]);
    expect(iso(dateLiteralRange("LAST_MONTH", undefined, now))).toEqual(["2026-02-01T00:00:00.000Z", "2026-03-01T00:00:00.000Z"]);
    expect(iso(dateLiteralRange("THIS_QUARTER", undefined, now))).toEqual(["2026-01-01T00:00:00.000Z", "2026-04-01T00:00:00.000Z"]);
    expect(iso(dateLiteralRange("LAST_N_DAYS", 2, now))).toEqual(["2026-03-02T00:00:00.000Z", "2026-03-05T00:00:00.000Z"]);
    expect(iso(dateLiteralRange("NEXT_N_DAYS", 2, now))).toEqual(["2026-03-05T00:00:00.000Z", "2026-03-07T00:00:00.000Z"]);
    expect(iso(dateLiteralRange("N_DAYS_AGO", 1, now))).toEqual(["2026-03-03T00:00:00.000Z", "2026-03-04T00:00:00.000Z"]);
    expect(iso(dateLiteralRange("LAST_N_MONTHS", 2, now))).toEqual(["2026-01-01T00:00:00.000Z", "2026-03-01T00:00:00.000Z"]);
    expect(dateLiteralRange("SOMEDAY", undefined, now)).toBeUndefined();
  });

  it("filters datetime and date fields with literals and values", () => {
    expect(names("SELECT Name FROM Account WHERE CreatedDate = TODAY")).toEqual(["Alpha"]);
    expect(names("SELECT Name FROM Account WHERE CreatedDate = YESTERDAY")).toEqual(["beta"]);
    expect(names("SELECT Name FROM Account WHERE CreatedDate = LAST_N_DAYS:35 ORDER BY Name")).toEqual(["Alpha", "beta", "Gamma 50%"]);
    expect(names("SELECT Name FROM Account WHERE CreatedDate < THIS_YEAR")).toEqual(["delta_x"]);
    expect(names("SELECT Name FROM Account WHERE CreatedDate > 2026-03-03T23:00:00Z ORDER BY Name")).toEqual(["Alpha", "beta"]);
    expect(names("SELECT Name FROM Account WHERE CreatedDate >= 2026-03-04T01:00:00.000+0000")).toEqual(["Alpha"]);
    expect(names("SELECT Name FROM Account WHERE CreatedDate < 2026-03-04T02:00:00+01:00")).toEqual(["beta", "Gamma 50%", "delta_x"]);
    expect(names("SELECT Name FROM Account WHERE LastActivityDate = THIS_MONTH")).toEqual(["Alpha"]);
    expect(names("SELECT Name FROM Account WHERE LastActivityDate < 2026-03-01")).toEqual(["beta"]);
  });
});

describe("ORDER BY, LIMIT, OFFSET", () => {
  it("sorts case-insensitively with NULLS FIRST for ASC and NULLS LAST for DESC by default", () => {
    expect(names("SELECT Name FROM Account ORDER BY Name")).toEqual(["Alpha", "beta", "delta_x", "Gamma 50%"]);
    expect(names("SELECT Name FROM Account ORDER BY NumberOfEmployees")).toEqual(["Gamma 50%", "delta_x", "Alpha", "beta"]);
    expect(names("SELECT Name FROM Account ORDER BY NumberOfEmployees DESC")).toEqual(["beta", "Alpha", "delta_x", "Gamma 50%"]);
    expect(names("SELECT Name FROM Account ORDER BY NumberOfEmployees ASC NULLS LAST")).toEqual(["delta_x", "Alpha", "beta", "Gamma 50%"]);
    expect(names("SELECT Name FROM Account ORDER BY Industry DESC NULLS FIRST, Name DESC")).toEqual(["delta_x", "Gamma 50%", "beta", "Alpha"]);
    expect(names("SELECT Name FROM Account ORDER BY Name LIMIT 2 OFFSET 1")).toEqual(["beta", "delta_x"]);
    expect(errorOf("SELECT Name FROM Account OFFSET 2001")).toMatchObject({ errorCode: "NUMBER_OUTSIDE_VALID_RANGE" });
  });

  it("includes the recycle bin only for queryAll", () => {
    expect(q("SELECT Name FROM Account WHERE IsDeleted = true", true).map((r) => r.Name)).toEqual(["Zed"]);
    expect(q("SELECT Name FROM Account WHERE IsDeleted = true")).toEqual([]);
  });
});

describe("SELECT shapes", () => {
  it("nests parents, uses canonical casing, and nulls missing parents", () => {
    const [row] = q("select lastname, account.name, ACCOUNT.owner.email from contact where lastname = 'one'");
    expect(row).toMatchObject({
      LastName: "One",
      Account: { attributes: { type: "Account" }, Name: "Alpha", Owner: { attributes: { type: "User" }, Email: expect.stringContaining("@") } },
    });
    const loose = q("SELECT Subject, What.Type, What.Name, Account.Name FROM Task ORDER BY Subject");
    expect(loose[0]).toMatchObject({ Subject: "Call Alpha", What: { attributes: { type: "Name" }, Type: "Account", Name: "Alpha" }, Account: { Name: "Alpha" } });
    expect(loose[1]).toMatchObject({ What: null, Account: null });
  });

  it("returns child subqueries as nested query results or null", () => {
    const rows = q("SELECT Name, (SELECT LastName FROM Contacts ORDER BY LastName DESC LIMIT 1) FROM Account WHERE Industry = 'Banking' ORDER BY Name");
    expect(rows[0]!.Contacts).toMatchObject({ totalSize: 1, done: true, records: [{ LastName: "Two" }] });
    expect(rows[1]!.Contacts).toMatchObject({ totalSize: 1, records: [{ LastName: "Three" }] });
    expect(q("SELECT Name, (SELECT Id FROM Opportunities) FROM Account WHERE Name = 'Alpha'")[0]!.Opportunities).toBeNull();
  });

  it("aggregates with GROUP BY, aliases, expr names and HAVING", () => {
    expect(q("SELECT Industry, COUNT(Id) n, SUM(AnnualRevenue), MAX(Name) FROM Account GROUP BY Industry ORDER BY Industry")).toEqual([
      { attributes: { type: "AggregateResult" }, Industry: null, n: 1, expr0: null, expr1: "delta_x" },
      { attributes: { type: "AggregateResult" }, Industry: "Banking", n: 2, expr0: 400, expr1: "beta" },
      { attributes: { type: "AggregateResult" }, Industry: "Retail", n: 1, expr0: null, expr1: "Gamma 50%" },
    ]);
    expect(q("SELECT Industry, COUNT(Id) FROM Account GROUP BY Industry HAVING COUNT(Id) > 1")).toHaveLength(1);
    expect(q("SELECT COUNT(Id), COUNT(Industry), AVG(NumberOfEmployees) FROM Account")).toEqual([
      { attributes: { type: "AggregateResult" }, expr0: 4, expr1: 3, expr2: 35 / 3 },
    ]);
    expect(errorOf("SELECT Name, COUNT(Id) FROM Account GROUP BY Industry")).toMatchObject({ errorCode: "MALFORMED_QUERY" });
  });

  it("expands FIELDS() and enforces its LIMIT rule", () => {
    const [row] = q("SELECT FIELDS(ALL) FROM Account WHERE Name = 'Alpha' LIMIT 1");
    expect(Object.keys(row!)).toEqual(expect.arrayContaining(["Id", "Name", "BillingAddress", "Tags__c", "SystemModstamp"]));
    expect(Object.keys(q("SELECT FIELDS(CUSTOM) FROM Account LIMIT 1")[0]!)).toEqual(["attributes", "Tags__c"]);
    expect(errorOf("SELECT FIELDS(ALL) FROM Account")).toMatchObject({ errorCode: "MALFORMED_QUERY" });
  });

  it("rejects duplicates and unknown relationships", () => {
    expect(errorOf("SELECT Name, name FROM Account")).toMatchObject({ errorCode: "MALFORMED_QUERY", message: expect.stringContaining("duplicate field selected: Name") });
    expect(errorOf("SELECT Foo.Name FROM Account")).toMatchObject({ errorCode: "INVALID_FIELD", message: expect.stringContaining("Didn't understand relationship 'Foo'") });
    expect(errorOf("SELECT Id, (SELECT Id FROM Widgets) FROM Account")).toMatchObject({ errorCode: "INVALID_FIELD" });
  });
});

describe("SystemModstamp cursor over many rows", () => {
  it("walks 20,000 rows in (SystemModstamp, Id) order with ties, after updates", () => {
    const big = new OrgData(new EmulatorClock("2026-01-01T00:00:00Z"), 3);
    const accounts = Array.from({ length: 20_000 }, (_, i) => ({
      Name: `Row ${i}`,
      // 100 rows share each stamp, so the Id tie-breaker matters
      SystemModstamp: new Date(Date.UTC(2026, 0, 1) + Math.floor(i / 100) * 1000).toISOString(),
    }));
    loadSalesforceFixture(big, { objects: { Account: accounts.reverse() } });
    // rewrite a few rows so the index has superseded entries
    const meta = big.object("Account")!;
    const table = big.store.table(meta);
    const tx = big.beginTx();
    let touched = 0;
    for (const rec of table.byId.values()) {
      if (touched++ % 1000 === 0) table.put({ ...rec, SystemModstamp: tx.stamp }, tx);
    }
    const all = [...table.byId.values()].sort((a, b) =>
      a.SystemModstamp === b.SystemModstamp ? (String(a.Id) < String(b.Id) ? -1 : 1) : String(a.SystemModstamp) < String(b.SystemModstamp) ? -1 : 1,
    );
    let watermark: { stamp: string; id: string } | undefined;
    const seen: string[] = [];
    for (let guard = 0; guard < 100; guard++) {
      const where = watermark ? `WHERE SystemModstamp > ${watermark.stamp} OR (SystemModstamp = ${watermark.stamp} AND Id > '${watermark.id}') ` : "";
      const compiled = compileQuery(big, `SELECT Id, SystemModstamp FROM Account ${where}ORDER BY SystemModstamp, Id LIMIT 2000`);
      const page = executeQuery(big, compiled, { includeDeleted: false }).rows;
      if (page.length === 0) break;
      for (const r of page) seen.push(String(r.Id));
      const last = page[page.length - 1]!;
      watermark = { stamp: String(last.SystemModstamp), id: String(last.Id) };
    }
    expect(seen).toEqual(all.map((r) => String(r.Id)));
  });
});
