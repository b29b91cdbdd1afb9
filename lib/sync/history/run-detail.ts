import { z } from "zod";
import { db } from "@/lib/db";
import type { Prisma, StepStatus } from "@/lib/generated/prisma/client";
import { SYSTEM_LABEL } from "@/lib/hub/integrations";
import { elapsedMs } from "@/lib/sync/history/format";
import { FAILURE_OUTCOMES, rankOutcomes } from "@/lib/sync/history/outcomes";
import { pageCount, planPage } from "@/lib/sync/history/page-plan";
import { optionalParam } from "@/lib/sync/history/params";
import { runProgress, type RunProgress } from "@/lib/sync/history/run-progress";
import { runHeader, type RunHeader } from "@/lib/sync/history/run-header";
import { nameOf, recordNames } from "@/lib/sync/history/record-names";
import { idsNamed } from "@/lib/sync/history/record-search";
import { loadFailedCalls, type FailedCallView } from "@/lib/sync/history/failed-calls";
import { previewView, type PreviewView } from "@/lib/sync/preview/preview-view";
import { isWithheld, WITHHELD_ID, WITHHELD_MESSAGE, withheldRecords } from "@/lib/sync/history/withheld-records";
import type { Reader } from "@/lib/auth/data-scope";
import { apiCallsByKind, apiCallTotal, stepCounts, sumRunCounts, type RunTotals, type StepCounts } from "@/lib/sync/history/step-counts";

// Read model of one run (run page, GET /api/runs/[id], `cli runs show`): its header, its ordered
// steps with their counts, and its per-record results, failures first.

export const recordFilterSchema = z.object({
  /**
   * One outcome (see OUTCOMES), or "failures" for failed, rejected and invalid together. Any lower-case
   * word is accepted so an outcome a newer worker writes can still be filtered on.
   */
  outcome: optionalParam(z.string().trim().regex(/^[a-z][a-z_-]{0,29}$/, "is not an outcome")),
  operation: optionalParam(z.string().trim().regex(/^[a-z][a-z._-]{0,39}$/, "is not an operation name")),
  /** A vendor's or our error code, exactly as the results hold it. */
  errorCode: optionalParam(z.string().trim().regex(/^[A-Za-z0-9_.:-]{1,80}$/, "is not an error code")),
  /** A record id (or its start), or part of the record's name. */
  q: optionalParam(z.string().trim().min(1).max(100, "Search with at most 100 characters.").regex(/^[^\u0000]*$/, "cannot hold a NUL character")),
  page: z.coerce.number().int().min(1).max(1_000_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(50),
});
export type RecordFilter = z.infer<typeof recordFilterSchema>;

export interface StepView {
  id: string;
  position: number;
  name: string;
  /** The integration the step worked on: a Salesforce pull's match steps name the analytics tool. */
  integrationId: string;
  integration: string;
  status: StepStatus;
  mode: string | null;
  startedAt: string | null;
  finishedAt: string | null;
  durationMs: number | null;
  counts: StepCounts;
  apiCalls: { kind: string; calls: number }[];
  apiCallTotal: number;
  error: string | null;
}

export interface RunDetail extends RunHeader {
  heartbeatAt: string;
  attempts: number;
  totals: RunTotals;
  steps: StepView[];
  /** Record results per outcome, failures first: the filter chips. */
  outcomes: { outcome: string; count: number }[];
  /** A preview's findings (kind PREVIEW), null for every other run. */
  preview: PreviewView | null;
  /** While the run is live: its step, share done and the time left; null once it has finished. */
  progress: RunProgress | null;
  operations: { operation: string; count: number }[];
  /** The error codes the run's results carry, for the filter. */
  errorCodes: { errorCode: string; count: number }[];
  /** When its per-record results and failed calls were removed (HISTORY_RETENTION_DAYS); null while kept. */
  recordsPrunedAt: string | null;
}

export interface RecordRow {
  /** SyncRecordResult ids are BigInt: sent as strings so JSON can carry them. */
  id: string;
  stepId: string;
  system: string;
  object: string;
  recordId: string;
  /** The record's name as the hub holds it now (account, contact or user name), null when it has none. */
  name: string | null;
  operation: string;
  outcome: string;
  errorCode: string | null;
  message: string | null;
  fields: unknown;
  createdAt: string;
}

export interface RecordPage {
  records: RecordRow[];
  total: number;
  page: number;
  pageCount: number;
  pageSize: number;
}

export async function getRunDetail(runId: string, now = new Date()): Promise<RunDetail | null> {
  const run = await db.syncRun.findUnique({ where: { id: runId }, include: { steps: { orderBy: { position: "asc" } } } });
  if (!run) return null;
  const integrationIds = [...new Set(run.steps.map((s) => s.integrationId))];
  const [integrations, byOutcome, byOperation, byErrorCode] = await Promise.all([
    db.integration.findMany({ where: { id: { in: integrationIds } }, select: { id: true, system: true } }),
    db.syncRecordResult.groupBy({ by: ["outcome"], where: { runId }, _count: { _all: true } }),
    db.syncRecordResult.groupBy({ by: ["operation"], where: { runId }, _count: { _all: true }, orderBy: { operation: "asc" } }),
    db.syncRecordResult.groupBy({ by: ["errorCode"], where: { runId, errorCode: { not: null } }, _count: { _all: true }, orderBy: { errorCode: "asc" } }),
  ]);
  const systemOf = new Map(integrations.map((i) => [i.id, i.system]));
  const header = runHeader(run, now);
  const progress = await runProgress({ ...run, live: header.live }, run.steps, systemOf, now);
  const label = (id: string) => {
    const system = systemOf.get(id);
    return system ? SYSTEM_LABEL[system] : "Removed integration";
  };
  return {
    ...header,
    heartbeatAt: run.heartbeatAt.toISOString(),
    attempts: run.attempts,
    recordsPrunedAt: run.recordsPrunedAt?.toISOString() ?? null,
    totals: sumRunCounts(run.steps),
    steps: run.steps.map((s) => ({
      id: s.id,
      position: s.position,
      name: s.name,
      integrationId: s.integrationId,
      integration: label(s.integrationId),
      status: s.status,
      mode: s.mode,
      startedAt: s.startedAt?.toISOString() ?? null,
      finishedAt: s.finishedAt?.toISOString() ?? null,
      durationMs: elapsedMs(s.startedAt, s.finishedAt, now),
      counts: stepCounts(s.name, s.stats),
      apiCalls: apiCallsByKind(s.apiCalls),
      apiCallTotal: apiCallTotal(s.apiCalls),
      error: s.error,
    })),
    outcomes: rankOutcomes(byOutcome.map((g) => ({ outcome: g.outcome, count: g._count._all }))),
    operations: byOperation.map((g) => ({ operation: g.operation, count: g._count._all })),
    errorCodes: byErrorCode.map((g) => ({ errorCode: g.errorCode!, count: g._count._all })),
    preview: previewView(run.kind, run.scope),
    progress,
  };
}

export type RecordQuery = Pick<RecordFilter, "outcome" | "operation" | "errorCode" | "q">;

async function recordWhere(runId: string, filter: RecordQuery, reader: Reader): Promise<Prisma.SyncRecordResultWhereInput> {
  const outcome = filter.outcome === "failures" ? { in: [...FAILURE_OUTCOMES] } : filter.outcome;
  // By id: the [runId, recordId] index; by name: the hub's ids of that name, then the same index.
  const search = filter.q ? { OR: [{ recordId: { startsWith: filter.q } }, { recordId: { in: await idsNamed(filter.q, reader) } }] } : {};
  return { runId, ...(outcome ? { outcome } : {}), ...(filter.operation ? { operation: filter.operation } : {}), ...(filter.errorCode ? { errorCode: filter.errorCode } : {}), ...search };
}

function toRecordRow(r: Prisma.SyncRecordResultGetPayload<object>): RecordRow {
  return {
    id: r.id.toString(),
    stepId: r.stepId,
    system: r.system,
    object: r.object,
    recordId: r.recordId,
    name: null,
    operation: r.operation,
    outcome: r.outcome,
    errorCode: r.errorCode,
    message: r.message,
    fields: r.fields,
    createdAt: r.createdAt.toISOString(),
  };
}

/**
 * Names the records, and withholds those of accounts outside the reader's sharing groups: no id,
 * name, fields or message (withheld-records.ts says why the row itself stays).
 */
async function nameOrWithhold(records: RecordRow[], reader: Reader): Promise<RecordRow[]> {
  const withheld = await withheldRecords(records, reader);
  const names = await recordNames(records.filter((r) => !isWithheld(withheld, r)));
  return records.map((r) => (isWithheld(withheld, r) ? { ...r, recordId: WITHHELD_ID, name: null, fields: null, message: WITHHELD_MESSAGE } : { ...r, name: nameOf(names, r) }));
}

/**
 * One page of a run's record results, failures first, then in the order they were written. Each
 * outcome is read on its own ([runId, outcome] index) so a run of 100,000 results is never sorted whole.
 */
export async function listRunRecords(runId: string, filter: RecordFilter, reader: Reader): Promise<RecordPage> {
  const where = await recordWhere(runId, filter, reader);
  const groups = rankOutcomes(
    (await db.syncRecordResult.groupBy({ by: ["outcome"], where, _count: { _all: true } })).map((g) => ({ outcome: g.outcome, count: g._count._all })),
  );
  const total = groups.reduce((n, g) => n + g.count, 0);
  const slices = planPage(
    groups.map((g) => ({ key: g.outcome, count: g.count })),
    (filter.page - 1) * filter.pageSize,
    filter.pageSize,
  );
  const pages = await Promise.all(
    slices.map((s) => db.syncRecordResult.findMany({ where: { ...where, outcome: s.key }, orderBy: { id: "asc" }, skip: s.skip, take: s.take })),
  );
  const records = await nameOrWithhold(pages.flat().map(toRecordRow), reader);
  return { records, total, page: filter.page, pageCount: pageCount(total, filter.pageSize), pageSize: filter.pageSize };
}

/** The run page's one call: the run, and the page of its records the filter asks for. */
export async function loadRunPage(runId: string, filter: RecordFilter, reader: Reader): Promise<{ run: RunDetail; records: RecordPage; failedCalls: FailedCallView[] } | null> {
  const [run, records, failedCalls] = await Promise.all([getRunDetail(runId), listRunRecords(runId, filter, reader), loadFailedCalls(runId, reader)]);
  return run ? { run, records, failedCalls } : null;
}

/** Every record result of a run, failures first, read in batches (for `cli runs show`). */
export async function* allRunRecords(runId: string, filter: RecordQuery, reader: Reader): AsyncGenerator<RecordRow> {
  const where = await recordWhere(runId, filter, reader);
  const outcomes = rankOutcomes(await db.syncRecordResult.groupBy({ by: ["outcome"], where })).map((g) => g.outcome);
  for (const outcome of outcomes) {
    let after: bigint | undefined;
    for (;;) {
      const rows = await db.syncRecordResult.findMany({
        where: { ...where, outcome, ...(after === undefined ? {} : { id: { gt: after } }) },
        orderBy: { id: "asc" },
        take: 1000,
      });
      if (rows.length === 0) break;
      yield* await nameOrWithhold(rows.map(toRecordRow), reader);
      after = rows.at(-1)!.id;
    }
  }
}
