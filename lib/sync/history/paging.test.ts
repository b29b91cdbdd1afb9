import { describe, expect, it } from "vitest";
import { rankOutcomes } from "@/lib/sync/history/outcomes";
import { pageCount, planPage } from "@/lib/sync/history/page-plan";
import { encodeRunCursor, runCursorSchema, runPosition } from "@/lib/sync/history/run-cursor";
import { RUN_SORTS } from "@/lib/sync/history/params";
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
  const run = { id: "cmabc123xyz", startedAt: new Date("2026-12-01T11:39:22.123Z"), durationMs: 90_000, recordCount: 133, apiCallCount: 12, rejectedCount: 0 };

  it("round-trips a position under each sort, start times to the millisecond", () => {
    expect(runPosition(run, "started", "desc")).toEqual({ sort: "started", dir: "desc", value: run.startedAt.getTime(), id: run.id });
    for (const sort of RUN_SORTS) {
      for (const dir of ["asc", "desc"] as const) {
        const position = runPosition(run, sort, dir);
        expect(runCursorSchema.parse(encodeRunCursor(position))).toEqual(position);
      }
    }
    expect(encodeRunCursor(runPosition(run, "duration", "asc"))).toBe("duration.asc.90000.cmabc123xyz");
    expect(runCursorSchema.parse("rejected.desc.0.migrated_pull-7")).toEqual({ sort: "rejected", dir: "desc", value: 0, id: "migrated_pull-7" });
  });

  it("refuses anything else with a sentence", () => {
    for (const bad of ["yesterday", "123_a;drop", "1764589162123_cmabc", "size.desc.1.a", "duration.up.1.a", "duration.desc.-1.a", "duration.desc.1.a.b", "duration.desc.2147483648.a", "started.desc.253402300800000.a", "started.desc.1.", `started.desc.1.${"a".repeat(65)}`]) {
      const parsed = runCursorSchema.safeParse(bad);
      expect(parsed.success, bad).toBe(false);
      expect(parsed.error?.issues[0]?.message).toMatch(/^is not a position in the run list/);
    }
    expect(runCursorSchema.safeParse("apiCalls.asc.2147483647.a").success).toBe(true);
    expect(runCursorSchema.safeParse("started.asc.253402300799999.a").success).toBe(true);
  });
});

describe("query parameters", () => {
  it("reads the run filters as the form, the API and the command line send them", () => {
    expect(runFilterSchema.parse({ integration: "Pendo", status: "failed", kind: "", limit: "10" })).toEqual({ integration: "PENDO", status: "FAILED", sort: "started", dir: "desc", limit: 10 });
    expect(runFilterSchema.parse({})).toEqual({ sort: "started", dir: "desc", limit: 25 });
    expect(runFilterSchema.safeParse({ integration: "hubspot" }).success).toBe(false);
    expect(runFilterSchema.safeParse({ limit: "101" }).success).toBe(false);
  });

  it("reads the sort and its direction, as typed by hand too, and refuses others with a sentence", () => {
    expect(runFilterSchema.parse({ sort: "duration", dir: "asc" })).toMatchObject({ sort: "duration", dir: "asc" });
    expect(runFilterSchema.parse({ sort: "api-calls", dir: "DESC" })).toMatchObject({ sort: "apiCalls", dir: "desc" });
    expect(runFilterSchema.parse({ sort: "", dir: "" })).toMatchObject({ sort: "started", dir: "desc" });
    const badSort = runFilterSchema.safeParse({ sort: "size" });
    expect(badSort.error?.issues[0]).toMatchObject({ path: ["sort"], message: "Sort by started, duration, records, apiCalls or rejected." });
    expect(runFilterSchema.safeParse({ dir: "up" }).error?.issues[0]).toMatchObject({ path: ["dir"], message: "Give the direction as asc or desc." });
  });

  it("accepts a cursor only under the sort and direction it was read in", () => {
    const cursor = encodeRunCursor({ sort: "duration", dir: "desc", value: 5_000, id: "r1" });
    expect(runFilterSchema.parse({ sort: "duration", before: cursor }).before).toEqual({ sort: "duration", dir: "desc", value: 5_000, id: "r1" });
    const elsewhere = runFilterSchema.safeParse({ before: cursor });
    expect(elsewhere.error?.issues[0]).toMatchObject({ path: ["before"] });
    expect(elsewhere.error?.issues[0]?.message).toBe(
      "belongs to the list sorted by duration, longest first, not to this one (sorted by start time, newest first): leave before out to start from the first page.",
    );
    expect(runFilterSchema.safeParse({ sort: "duration", dir: "asc", after: cursor }).error?.issues[0]).toMatchObject({ path: ["after"] });
  });

  it("reads the record filters", () => {
    expect(recordFilterSchema.parse({ outcome: "failures", operation: "linked", page: "2" })).toEqual({ outcome: "failures", operation: "linked", page: 2, pageSize: 50 });
    expect(recordFilterSchema.safeParse({ outcome: "Failed; --" }).success).toBe(false);
    expect(recordFilterSchema.safeParse({ operation: "DROP TABLE" }).success).toBe(false);
    expect(recordFilterSchema.safeParse({ pageSize: "500" }).success).toBe(false);
  });
});
