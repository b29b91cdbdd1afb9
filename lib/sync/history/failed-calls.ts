import { db } from "@/lib/db";
import { dataScope, seesEveryAccount, type Reader } from "@/lib/auth/data-scope";
import { SYSTEM_LABEL } from "@/lib/hub/integrations";

// Read model of a run's failed calls (run page, GET /api/runs/[id], `cli runs show`): each write call
// a vendor refused records of, with the request and answer as sent (lib/connectors/failed-calls.ts).
// A body names and values records of many accounts at once, so a reader whom a sharing group limits
// gets the call without its bodies rather than a body with holes in it.

export interface FailedCallView {
  id: string;
  stepId: string;
  system: string;
  /** Salesforce, Pendo, Gainsight PX */
  vendor: string;
  label: string;
  method: string;
  path: string;
  status: number | null;
  records: number;
  refused: number;
  /** Failed calls after this one that were only counted. */
  omitted: number;
  at: string;
  /** Null when withheld from this reader. */
  request: string | null;
  response: string | null;
  withheld: boolean;
}

/** Most a run page lists: a run keeps a few dozen per write step (FAILED_CALLS_KEPT). */
const LIMIT = 200;

export async function loadFailedCalls(runId: string, reader: Reader): Promise<FailedCallView[]> {
  const [rows, scope] = await Promise.all([db.syncFailedCall.findMany({ where: { runId }, orderBy: { id: "asc" }, take: LIMIT }), dataScope(reader)]);
  const withheld = !seesEveryAccount(scope);
  return rows.map((c) => ({
    id: c.id.toString(),
    stepId: c.stepId,
    system: c.system,
    vendor: SYSTEM_LABEL[c.system.toUpperCase() as keyof typeof SYSTEM_LABEL] ?? c.system,
    label: c.label,
    method: c.method,
    path: c.path,
    status: c.status,
    records: c.records,
    refused: c.refused,
    omitted: c.omitted,
    at: c.createdAt.toISOString(),
    request: withheld ? null : c.request,
    response: withheld ? null : c.response,
    withheld,
  }));
}
