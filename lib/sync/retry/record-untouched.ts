import { db } from "@/lib/db";
import { recordResults, type RecordResult } from "@/lib/sync/record-results";
import { inTransaction } from "@/lib/sync/sql";
import type { RecordScope } from "@/lib/sync/retry/record-scope";

// A push records a result only for what it writes or refuses; a retried record it had nothing to
// send for would otherwise vanish from the retry's page. Each gets a "skipped" result saying why.

const SYSTEM_NAME = { salesforce: "Salesforce", pendo: "Pendo", px: "Gainsight PX" } as const;

export async function recordUntouched(runId: string, stepId: string, integrationId: string, only: RecordScope): Promise<void> {
  if (only.length === 0) return;
  const seen = await db.syncRecordResult.findMany({ where: { stepId, recordId: { in: only.map((r) => r.recordId) } }, select: { system: true, object: true, recordId: true } });
  const has = new Set(seen.map((r) => `${r.system}\u0000${r.object}\u0000${r.recordId}`));
  const untouched = only.filter((r) => !has.has(`${r.system}\u0000${r.object}\u0000${r.recordId}`));
  if (untouched.length === 0) return;
  const links = await db.matchLink.findMany({
    where: { integrationId, OR: [{ salesforceId: { in: untouched.map((r) => r.recordId) } }, { analyticsId: { in: untouched.map((r) => r.recordId) } }] },
    select: { salesforceId: true, analyticsId: true },
  });
  const linked = new Set(links.flatMap((l) => [l.salesforceId, l.analyticsId]));
  const results: RecordResult[] = untouched.map((r) => ({
    system: r.system,
    object: r.object,
    recordId: r.recordId,
    operation: "update",
    outcome: "skipped",
    errorCode: linked.has(r.recordId) ? "UP_TO_DATE" : "NOT_LINKED",
    message: linked.has(r.recordId)
      ? `Nothing to write: ${SYSTEM_NAME[r.system]} already holds the hub's current values for this record (a later run wrote them), or the record has left the hub.`
      : "Not written: the record is no longer linked (matching changed, or it was deleted). The Exceptions page says why.",
  }));
  await inTransaction((sql) => recordResults(sql, { runId, stepId }, results));
}
