import { env } from "@/lib/env";
import type { SalesforceConnector } from "@/lib/connectors/salesforce/connection";
import { updateRecords } from "@/lib/connectors/salesforce/collections";
import { bulkIngest } from "@/lib/connectors/salesforce/bulk-ingest";
import type { SalesforceRecordUpdate, WriteResult } from "@/lib/connectors/salesforce/write-results";

/** Retries of records Salesforce refused for a moment (UNABLE_TO_LOCK_ROW and the like) within a run. */
export const LOCKED_ROW_RETRIES = 3;
const LOCKED_ROW_DELAY_MS = 250;


async function send(sf: SalesforceConnector, object: string, records: SalesforceRecordUpdate[]): Promise<WriteResult[]> {
  if (records.length > env.SALESFORCE_BULK_PUSH_THRESHOLD) return bulkIngest(sf, object, "update", records);
  return updateRecords(sf, object, records);
}

/**
 * Writes one chunk of updates; records refused with a retryable code (a row locked by another
 * transaction) are sent again, alone, a few times with a growing pause. What still fails keeps its
 * failure: its push state is not stored, so the next run tries it again.
 */
export async function writeSalesforceChunk(sf: SalesforceConnector, object: string, records: SalesforceRecordUpdate[]): Promise<WriteResult[]> {
  const results = await send(sf, object, records);
  for (let attempt = 1; attempt <= LOCKED_ROW_RETRIES; attempt++) {
    const again = results.flatMap((r, i) => (!r.ok && r.retryable ? [i] : []));
    if (again.length === 0) break;
    await new Promise((resolve) => setTimeout(resolve, LOCKED_ROW_DELAY_MS * 2 ** (attempt - 1)));
    const retried = await updateRecords(sf, object, again.map((i) => records[i]!));
    again.forEach((index, k) => {
      results[index] = retried[k]!;
    });
  }
  return results;
}
