import pg from "pg";
import { writtenRecord, type WrittenRecord } from "./sync-figures";

// The records a sync wrote to Salesforce and what each received, read back from the per-record
// results of its runs: the input both comparisons of bench/sync.ts replay (one call per record,
// and the product's Collections writer at scale). Every record the push sent counts, refused ones
// too: a per-record tool would have sent them as well.

export interface WrittenGroup {
  /** The push step that wrote them: the push sends each step's records of one object in one go. */
  stepId: string;
  object: string;
  records: WrittenRecord[];
}

/** `objects` maps the results' object ("account", "contact") to its Salesforce API name. */
export async function recordsWritten(databaseUrl: string, runIds: string[], objects: Record<string, string>): Promise<WrittenGroup[]> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ stepId: string; object: string; recordId: string; fields: unknown }>(
      `SELECT "stepId", "object", "recordId", "fields" FROM "SyncRecordResult"
        WHERE "runId" = ANY($1) AND "system" = 'salesforce' AND "operation" IN ('update', 'upsert') AND "outcome" IN ('succeeded', 'rejected')
        ORDER BY "id"`,
      [runIds],
    );
    const groups = new Map<string, WrittenGroup>();
    for (const row of rows) {
      const object = objects[row.object] ?? row.object;
      const record = writtenRecord(object, row.recordId, row.fields);
      if (!record) continue;
      const key = `${row.stepId}/${object}`;
      let group = groups.get(key);
      if (!group) groups.set(key, (group = { stepId: row.stepId, object, records: [] }));
      group.records.push(record);
    }
    return [...groups.values()];
  } finally {
    await client.end();
  }
}
