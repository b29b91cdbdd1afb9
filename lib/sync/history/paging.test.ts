import { describe, expect, it } from "vitest";
import { rankOutcomes } from "@/lib/sync/history/outcomes";
import { pageCount, planPage } from "@/lib/sync/history/page-plan";
import { encodeRunCursor, runCursorSchema } from "@/lib/sync/history/run-cursor";
import { runFilterSchema } from "@/lib/sync/history/list-runs";
import { recordFilterSchema } from "@/lib/sync/history/run-detail";

describe("planPage", () => {
  const groups = [
    { key: "failed", count: 3 },
    { key: "skipped", count: 0 },
    { key: "succeeded", count: 10 },
  ];

  it("reads the first groups first and crosses into the next when a page spans two", () => {
    expect(planPage(groups, 0, 2)).toEqual([{ key: "failed", skip: 0, take: 2 }]);
    expect(planPage(groups, 2, 4)).toEqual([
      { key: "failed", skip: 2, take: 1 },
      { key: "succeeded", skip: 0, take: 3 },
    ]);
    expect(planPage(groups, 8, 50)).toEqual([{ key: "succeeded", skip: 5, take: 5 }]);
  });

  it("is empty past the end", () => {
    expect(planPage(groups, 13, 5)).toEqual([]);
    expect(planPage([], 0, 5)).toEqual([]);
  });

  it("agrees with slicing the concatenated groups, for every offset and size", () => {
    const all = groups.flatMap((g) => Array.from({ length: g.count }, (_, i) => `${g.key}${i}`));
    for (let offset = 0; offset <= all.length + 1; offset++) {
      for (let limit = 1; limit <= all.length + 1; limit++) {
        const got = planPage(groups, offset, limit).flatMap((s) => Array.from({ length: s.take }, (_, i) => `${s.key}${s.skip + i}`));
        expect(got).toEqual(all.slice(offset, offset + limit));
      }
    }
  });

  it("counts pages, at least one", () => {
    expect(pageCount(0, 50)).toBe(1);
    expect(pageCount(50, 50)).toBe(1);
    expect(pageCount(51, 50)).toBe(2);
  });
});

describe("rankOutcomes", () => {
  it("puts failures first and outcomes it does not know last", () => {
    const ranked = rankOutcomes(["succeeded", "zzz-new", "invalid", "failed", "skipped", "rejected"].map((outcome) => ({ outcome })));
    expect(ranked.map((r) => r.outcome)).toEqual(["failed", "rejected", "invalid", "skipped", "succeeded", "zzz-new"]);
  });
});

describe("run cursor", () => {
  it("round-trips a (startedAt, id) position to the millisecond", () => {
    const position = { startedAt: new Date("2026-12-01T11:39:22.123Z"), id: "cmabc123xyz" };
    expect(runCursorSchema.parse(encodeRunCursor(position))).toEqual(position);
    expect(runCursorSchema.safeParse("yesterday").success).toBe(false);
    expect(runCursorSchema.safeParse("123_a;drop").success).toBe(false);
  });
});

describe("query parameters", () => {
  it("reads the run filters as the form, the API and the command line send them", () => {
    expect(runFilterSchema.parse({ integration: "Pendo", status: "failed", kind: "", limit: "10" })).toEqual({ integration: "PENDO", status: "FAILED", limit: 10 });
    expect(runFilterSchema.parse({})).toEqual({ limit: 25 });
    expect(runFilterSchema.safeParse({ integration: "hubspot" }).success).toBe(false);
    expect(runFilterSchema.safeParse({ limit: "101" }).success).toBe(false);
  });

  it("reads the record filters", () => {
    expect(recordFilterSchema.parse({ outcome: "failures", operation: "linked", page: "2" })).toEqual({ outcome: "failures", operation: "linked", page: 2, pageSize: 50 });
    expect(recordFilterSchema.safeParse({ outcome: "Failed; --" }).success).toBe(false);
    expect(recordFilterSchema.safeParse({ operation: "DROP TABLE" }).success).toBe(false);
    expect(recordFilterSchema.safeParse({ pageSize: "500" }).success).toBe(false);
  });
});
