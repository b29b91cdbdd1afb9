import { describe, expect, it } from "vitest";
import { formatTable, kpiStatementName, planExecutionMs, planKeyLines, plainScanParams, plainScanSql, ratio, sampleEvenly, statementKind, usersScaleFor } from "./usage-figures";

// Shaped like lib/kpis/compute-kpis.ts's statements: the member list, then one rollup table as `r`.
const kpi = (table: string) => `
  WITH m AS (SELECT * FROM unnest($2::text[], $3::text[], $4::text[]) AS m(scope, key, member)),
       w AS (SELECT * FROM unnest($5::text[], $6::date[], $7::date[]) AS w(name, first, last))
  SELECT m.scope, m.key, count(*) FROM "${table}" r JOIN m ON m.member = r."accountExternalId" GROUP BY 1, 2`;

describe("usersScaleFor", () => {
  it("scales the first 10,000 accounts' users to the target", () => {
    expect(usersScaleFor(10_000, 100_000)).toBe(4.41);
    expect(usersScaleFor(1_000, 10_000)).toBe(4.41);
  });

  it("counts the long tail's lighter accounts above 10,000", () => {
    // 22,700 + 90,000 × 1.05 = 117,200 users at scale 1.
    expect(usersScaleFor(100_000, 117_200)).toBe(1);
    expect(usersScaleFor(100_000, 100_000)).toBe(0.85);
  });

  it("never gives a scale of 0", () => {
    expect(usersScaleFor(10_000, 1)).toBe(0.01);
  });
});

describe("kpiStatementName and statementKind", () => {
  it.each([
    ["UsageUserDay", "activeUsers"],
    ["UsageAccountDay", "accountDays"],
    ["UsageUserFeatureDay", "features"],
    ["UsageNpsResponse", "nps"],
    ["UsageEngagementDay", "guides"],
  ])("a statement over the members reading %s is the %s statement", (table, name) => {
    expect(kpiStatementName(kpi(table))).toBe(name);
    expect(statementKind(kpi(table))).toBe(`KPI ${name}`);
  });

  it("is no KPI statement without the member list, or on another table", () => {
    expect(kpiStatementName(`SELECT count(*) FROM "UsageUserDay" r WHERE r."day" > $1`)).toBeNull();
    expect(kpiStatementName(kpi("SfAccount"))).toBeNull();
  });

  it("names writes and reads by their table", () => {
    expect(statementKind(`INSERT INTO "UsageUserDay" ("integrationId") SELECT $1`)).toBe("INSERT UsageUserDay");
    expect(statementKind(`\n  DELETE FROM "UsageNpsResponse" WHERE "integrationId" = $1`)).toBe("DELETE UsageNpsResponse");
    expect(statementKind(`UPDATE "SyncStep" SET "stats" = $2 WHERE "id" = $1`)).toBe("UPDATE SyncStep");
    expect(statementKind(`SELECT "externalId" AS id FROM "AnalyticsAccount" WHERE "integrationId" = $1`)).toBe("SELECT AnalyticsAccount");
    expect(statementKind("BEGIN")).toBe("BEGIN");
    expect(statementKind("commit")).toBe("COMMIT");
  });
});

describe("plainScanSql and plainScanParams", () => {
  const params = ["tool", ["analytics"], ["a1"], ["a1"], ["d7"], ["2026-11-12"], ["2026-11-18"], "2026-05-23", "2026-11-18", ["f1", "f2"]];

  it("reads the statement's table over its tool and day span, without the member join", () => {
    expect(plainScanSql("activeUsers")).toBe(
      `SELECT count(*)::int AS rows, sum("minutes")::float8 AS total FROM "UsageUserDay" WHERE "integrationId" = $1 AND "day" BETWEEN $2::date AND $3::date`,
    );
    expect(plainScanParams("activeUsers", params)).toEqual(["tool", "2026-05-23", "2026-11-18"]);
  });

  it("keeps the tracked-feature filter of the features statement", () => {
    expect(plainScanSql("features")).toContain(`FROM "UsageUserFeatureDay"`);
    expect(plainScanSql("features")).toMatch(/AND "featureExternalId" = ANY\(\$4::text\[\]\)$/);
    expect(plainScanParams("features", params)).toEqual(["tool", "2026-05-23", "2026-11-18", ["f1", "f2"]]);
  });
});

describe("planKeyLines and planExecutionMs", () => {
  const plan = [
    "GroupAggregate  (cost=1..2 rows=4 width=140) (actual time=3284.5..3842.9 rows=33017 loops=1)",
    "  Group Key: m.scope, m.key",
    "  Buffers: shared hit=3814, temp read=22207 written=22233",
    "  ->  Sort  (cost=1..2 rows=4 width=164) (actual time=3284.4..3455.3 rows=707526 loops=1)   ",
    "        Sort Key: m.scope, m.key",
    "        Sort Method: external merge  Disk: 66024kB",
    "        ->  Bitmap Heap Scan on \"UsageUserFeatureDay\" r  (cost=4.57..39.84 rows=1 width=104)",
    "              Recheck Cond: (\"integrationId\" = 'x')",
    "Planning Time: 0.235 ms",
    "Execution Time: 3860.870 ms",
  ];

  it("keeps the root, sorts, scans and spills, and the totals, in order", () => {
    expect(planKeyLines(plan)).toEqual([
      "GroupAggregate  (cost=1..2 rows=4 width=140) (actual time=3284.5..3842.9 rows=33017 loops=1)",
      "  ->  Sort  (cost=1..2 rows=4 width=164) (actual time=3284.4..3455.3 rows=707526 loops=1)",
      "        Sort Key: m.scope, m.key",
      "        Sort Method: external merge  Disk: 66024kB",
      '        ->  Bitmap Heap Scan on "UsageUserFeatureDay" r  (cost=4.57..39.84 rows=1 width=104)',
      "Planning Time: 0.235 ms",
      "Execution Time: 3860.870 ms",
    ]);
  });

  it("cuts the body, never the totals", () => {
    expect(planKeyLines(plan, 3)).toEqual([plan[0], "Planning Time: 0.235 ms", "Execution Time: 3860.870 ms"]);
  });

  it("reads the execution time", () => {
    expect(planExecutionMs(plan)).toBe(3860.87);
    expect(planExecutionMs(plan.slice(0, 3))).toBeNull();
  });
});

describe("sampleEvenly", () => {
  it("takes every index when there are few, else spreads k of them from first to last", () => {
    expect(sampleEvenly(3, 8)).toEqual([0, 1, 2]);
    expect(sampleEvenly(63, 8)).toEqual([0, 9, 18, 27, 35, 44, 53, 62]);
    expect(sampleEvenly(10, 1)).toEqual([0]);
    expect(sampleEvenly(0, 8)).toEqual([]);
  });
});

describe("ratio", () => {
  it("divides, rounded, and refuses to divide by nothing", () => {
    expect(ratio(3048, 61.9)).toBe(49.2);
    expect(ratio(1, 3, 2)).toBe(0.33);
    expect(ratio(5, 0)).toBeNull();
  });
});

describe("formatTable", () => {
  it("aligns text left and numbers right, with thousands separators and a dash for nothing", () => {
    expect(
      formatTable([
        ["tool", "rows", "× scan"],
        ["Pendo", 152494, 46.5],
        ["PX", 2855, null],
      ]),
    ).toBe(["  tool   rows     × scan", "  Pendo  152,494    46.5", "  PX       2,855       —"].join("\n"));
  });
});
