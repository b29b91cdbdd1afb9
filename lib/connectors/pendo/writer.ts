import type { AnalyticsWriter } from "@/lib/connectors/analytics-writer";
import type { PendoConnector } from "@/lib/connectors/pendo/client";
import { PENDO_METADATA_BATCH_DEFAULT, writeAccountMetadata, writeVisitorMetadata, type MetadataWriteOptions } from "@/lib/connectors/pendo/writes";

/** Pendo's write-back: one bulk metadata request per chunk of accounts or visitors. */
export function pendoWriter(pendo: PendoConnector, options: MetadataWriteOptions = {}): AnalyticsWriter {
  const batchSize = options.batchSize ?? PENDO_METADATA_BATCH_DEFAULT;
  return {
    system: "pendo",
    chunkSize: batchSize,
    writeAccounts: (rows) => writeAccountMetadata(pendo, rows.map((r) => ({ accountId: r.id, values: r.values })), { ...options, batchSize }),
    writeUsers: (rows) => writeVisitorMetadata(pendo, rows.map((r) => ({ visitorId: r.id, values: r.values })), { ...options, batchSize }),
    apiCalls: () => pendo.apiCalls(),
    failedCalls: () => pendo.failedCalls.drain(),
  };
}
