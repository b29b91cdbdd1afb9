import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { db } from "@/lib/db";
import { truncateAll } from "@/lib/testing/database";
import { testIntegrations } from "@/lib/testing/integrations";
import { childProcessEnv } from "@/lib/testing/child-env";
import { closeSyncPool, syncPool } from "@/lib/sync/sql";
import { pruneHistory } from "@/lib/sync/history/prune-history";
import { getRunDetail } from "@/lib/sync/history/run-detail";

// History retention against the real database: the per-record results and failed calls of runs
// older than the retention go, in batches; the runs, their steps and counts stay; runs still open
// and recent runs are left alone; a second prune finds nothing; the run page says what happened.

const NOW = new Date("2026-11-30T12:00:00Z");
const daysAgo = (n: number) => new Date(NOW.getTime() - n * 86_400_000);

/** A closed or open run with one step, `records` result rows (inserted in SQL) and one failed call. */
async function runWith(id: string, startedAt: Date, status: "SUCCEEDED" | "RUNNING", records: number) {
  await db.syncRun.create({
    data: {
      id,
      integrationId: "px",
      system: "PX",
      kind: "SYNC",
      trigger: "schedule",
      status,
      startedAt,
      finishedAt: status === "RUNNING" ? null : new Date(startedAt.getTime() + 60_000),
      recordCount: records,
      rejectedCount: 1,
      steps: { create: { id: `${id}-step`, position: 0, name: "push.salesforce", integrationId: "px", status: "SUCCEEDED", stats: { accounts: { written: records - 1, rejected: 1 } } } },
    },
  });
  await syncPool().query(
    `INSERT INTO "SyncRecordResult" ("runId", "stepId", "system", "object", "recordId", "operation", "outcome")
     SELECT $1, $2, 'salesforce', 'account', '001' || lpad(n::text, 15, '0'), 'update', CASE WHEN n = 1 THEN 'rejected' ELSE 'succeeded' END
       FROM generate_series(1, $3::int) AS n`,
    [id, `${id}-step`, records],
  );
  await db.syncFailedCall.create({
    data: { runId: id, stepId: `${id}-step`, system: "salesforce", label: "PATCH /composite/sobjects", method: "PATCH", path: "/composite/sobjects", status: 200, request: "{}", response: "[]", records: 200, refused: 1 },
  });
}

const rowsOf = async (runId: string) => ({ records: await db.syncRecordResult.count({ where: { runId } }), calls: await db.syncFailedCall.count({ where: { runId } }) });

beforeAll(async () => {
  await truncateAll(db);
  await db.integration.createMany({ data: testIntegrations(["sf", "px"]) });
  // 25,000 rows: more than one delete batch.
  await runWith("old-big", daysAgo(120), "SUCCEEDED", 25_000);
  await runWith("old-small", daysAgo(91), "SUCCEEDED", 3);
  await runWith("old-open", daysAgo(100), "RUNNING", 4);
  await runWith("recent", daysAgo(89), "SUCCEEDED", 5);
});

afterAll(async () => {
  await closeSyncPool();
});

describe("history retention", () => {
  it("removes the record results and failed calls of runs older than the retention, keeping the runs and their counts", async () => {
    const result = await pruneHistory({ days: 90, now: NOW });
    expect(result).toEqual({ runs: 2, records: 25_003, failedCalls: 2, cutoff: daysAgo(90).toISOString() });
    for (const id of ["old-big", "old-small"]) {
      expect(await rowsOf(id)).toEqual({ records: 0, calls: 0 });
      const run = await db.syncRun.findUniqueOrThrow({ where: { id }, include: { steps: true } });
      expect(run.recordsPrunedAt).not.toBeNull();
      expect(run).toMatchObject({ status: "SUCCEEDED", rejectedCount: 1 });
      expect(run.steps).toHaveLength(1);
      const detail = await getRunDetail(id, NOW);
      expect(detail?.recordsPrunedAt).toBe(run.recordsPrunedAt!.toISOString());
      expect(detail?.totals.push).toMatchObject({ rejected: 1 });
    }
    // An open run and a recent one keep everything.
    expect(await rowsOf("old-open")).toEqual({ records: 4, calls: 1 });
    expect(await rowsOf("recent")).toEqual({ records: 5, calls: 1 });
    expect((await db.syncRun.findUniqueOrThrow({ where: { id: "recent" } })).recordsPrunedAt).toBeNull();
    expect((await getRunDetail("recent", NOW))?.recordsPrunedAt).toBeNull();
  });

  it("finds nothing the second time, finishes a run a killed prune left half done, and keeps everything at 0 days", async () => {
    expect(await pruneHistory({ days: 90, now: NOW })).toMatchObject({ runs: 0, records: 0, failedCalls: 0 });
    // A prune killed between its deletes and its mark: some rows gone, the run not marked.
    await runWith("half", daysAgo(200), "SUCCEEDED", 10);
    await syncPool().query(`DELETE FROM "SyncRecordResult" WHERE "runId" = 'half' AND "id" IN (SELECT "id" FROM "SyncRecordResult" WHERE "runId" = 'half' LIMIT 4)`);
    expect(await pruneHistory({ days: 90, now: NOW })).toMatchObject({ runs: 1, records: 6, failedCalls: 1 });
    expect(await rowsOf("half")).toEqual({ records: 0, calls: 0 });
    expect(await pruneHistory({ days: 0, now: NOW })).toBeNull();
    expect(await rowsOf("recent")).toEqual({ records: 5, calls: 1 });
  });

  it("cli runs prune --days N prunes once; a bad --days says what to pass", async () => {
    const cli = (...args: string[]) => promisify(execFile)(process.execPath, ["--import", "tsx", "scripts/cli.ts", ...args], { env: childProcessEnv({ LOG_LEVEL: "warn" }) });
    const pruned = JSON.parse((await cli("runs", "prune", "--days", "1", "--json")).stdout) as { runs: number; records: number };
    // "recent" (89 days) is older than one day; "old-open" is still running.
    expect(pruned).toMatchObject({ runs: 1, records: 5 });
    expect(await rowsOf("old-open")).toEqual({ records: 4, calls: 1 });
    const refused = await cli("runs", "prune", "--days", "0").catch((e: { stderr: string; code: number }) => e);
    expect((refused as { code: number }).code).not.toBe(0);
    expect((refused as { stderr: string }).stderr).toMatch(/--days must be 1 or more/);
  });
});
