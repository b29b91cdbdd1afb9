import { db } from "@/lib/db";
import type { Reader } from "@/lib/auth/data-scope";
import type { RunStatus } from "@/lib/generated/prisma/client";
import { FAILURE_OUTCOMES, isFailure } from "@/lib/sync/history/outcomes";
import { loadRunPage, type RecordFilter, type RecordPage, type RunDetail } from "@/lib/sync/history/run-detail";
import { retryScopeSchema } from "@/lib/sync/retry/record-scope";

// The run page's read model with what retries add: which run this one retries, the retries of this
// run, how many of its writes failed, and for each record row on the page whether it can be retried
// or dismissed and whether it is dismissed now.

export interface RetryRowView {
  /** A failed write (failed, rejected or invalid) of a push step. */
  retryable: boolean;
  /** A write the vendor refused (rejected or failed): these can be dismissed. */
  dismissable: boolean;
  dismissal: { by: string; at: string; reason: string | null } | null;
}

export interface RunRetryView {
  retryOf: { id: string; startedAt: string } | null;
  /** "Retry all failed since": the day the retried writes date from, when no single run is retried. */
  since: string | null;
  records: number | null;
  retries: { id: string; status: RunStatus; startedAt: string; triggeredBy: string | null }[];
  /** Failed writes in the whole run, all pages. */
  failedWrites: number;
  /** By record result id, for the rows on this page. */
  rows: Record<string, RetryRowView>;
}

const key = (integrationId: string, system: string, object: string, recordId: string) => `${integrationId}\u0000${system}\u0000${object}\u0000${recordId}`;

async function retryView(run: RunDetail, records: RecordPage): Promise<RunRetryView> {
  const stepOf = new Map(run.steps.map((s) => [s.id, s]));
  const pushRows = records.records.filter((r) => stepOf.get(r.stepId)?.name.startsWith("push."));
  const [row, retries, failedWrites, dismissals] = await Promise.all([
    db.syncRun.findUnique({ where: { id: run.id }, select: { retryOfRunId: true, scope: true } }),
    db.syncRun.findMany({ where: { retryOfRunId: run.id }, orderBy: { startedAt: "desc" }, take: 20, select: { id: true, status: true, startedAt: true, triggeredBy: true } }),
    db.syncRecordResult.count({ where: { runId: run.id, outcome: { in: [...FAILURE_OUTCOMES] }, step: { name: { startsWith: "push." } } } }),
    pushRows.length ? db.recordDismissal.findMany({ where: { recordId: { in: [...new Set(pushRows.map((r) => r.recordId))] } } }) : Promise.resolve([]),
  ]);
  const retryOf = row?.retryOfRunId ? await db.syncRun.findUnique({ where: { id: row.retryOfRunId }, select: { id: true, startedAt: true } }) : null;
  const scope = run.kind === "RETRY" ? retryScopeSchema.safeParse(row?.scope) : null;
  const dismissedBy = new Map(dismissals.map((d) => [key(d.integrationId, d.targetSystem, d.object, d.recordId), d]));
  const rows: Record<string, RetryRowView> = {};
  for (const r of pushRows) {
    const d = dismissedBy.get(key(stepOf.get(r.stepId)!.integrationId, r.system, r.object, r.recordId));
    rows[r.id] = {
      retryable: isFailure(r.outcome),
      dismissable: r.outcome === "rejected" || r.outcome === "failed",
      dismissal: d ? { by: d.dismissedByEmail, at: d.dismissedAt.toISOString(), reason: d.reason } : null,
    };
  }
  return {
    retryOf: retryOf ? { id: retryOf.id, startedAt: retryOf.startedAt.toISOString() } : null,
    since: scope?.success ? (scope.data.since ?? null) : null,
    records: scope?.success ? scope.data.records.length : null,
    retries: retries.map((r) => ({ id: r.id, status: r.status, startedAt: r.startedAt.toISOString(), triggeredBy: r.triggeredBy })),
    failedWrites,
    rows,
  };
}

/** The run page's one call: the run, the page of its records the filter asks for, and its retries. */
export async function loadRunPageWithRetries(runId: string, filter: RecordFilter, reader: Reader): Promise<(NonNullable<Awaited<ReturnType<typeof loadRunPage>>> & { retry: RunRetryView }) | null> {
  const page = await loadRunPage(runId, filter, reader);
  return page ? { ...page, retry: await retryView(page.run, page.records) } : null;
}
