import { env } from "@/lib/env";
import type { SalesforcePullSettings } from "@/lib/integrations/pull-settings";
import type { AnalyticsSystem } from "@/lib/mapping/types";
import type { RecordResult } from "@/lib/sync/record-results";
import { pushPlan, writeBackPlan } from "@/lib/sync/push/mappings";
import { planWrites as planSalesforceWrites } from "@/lib/sync/push/push-salesforce";
import { planWrites as planToolWrites } from "@/lib/sync/push/push-analytics";
import { emptyPushCounts } from "@/lib/sync/push/record-write";
import { writeCalls } from "@/lib/sync/preview/estimate-api-calls";
import type { PreviewObject, PreviewSample } from "@/lib/sync/preview/preview-summary";

// One object of one direction as a preview sees it: the very plan the push builds (payloads from
// the hub, compared with the push state of the last write), turned into per-record results that say
// what would be written, and never sent. The outcome "would-write" files these rows apart from a
// real run's "succeeded" on the run page's filters.

export const WOULD_WRITE = "would-write" as const;
/** Records per object whose fields before → after the summary carries (the run page lists them all). */
export const SAMPLE_SIZE = 5;

export interface PreviewedWrites {
  object: PreviewObject;
  /** Per-record results to record: each write it would make, and each value it would refuse. */
  results: RecordResult[];
  samples: PreviewSample[];
  /** API calls the writes would take. */
  calls: number;
}

type Direction = { into: "salesforce" } | { into: "tool"; roles: SalesforcePullSettings };

interface PlannedWrite {
  recordId: string;
  fields: Record<string, unknown>;
  before: Record<string, unknown>;
}

const fieldChanges = (w: PlannedWrite) => Object.fromEntries(Object.entries(w.fields).map(([k, v]) => [k, { before: w.before[k] ?? null, after: v }]));

/**
 * What one entity's push would write: into Salesforce from the tool (`into: "salesforce"`), or
 * Salesforce fields back into the tool. Reads the hub; writes nothing anywhere.
 */
export async function previewWrites(tool: { id: string; system: AnalyticsSystem }, entity: "account" | "contact", salesforceId: string, direction: Direction): Promise<PreviewedWrites> {
  const counts = emptyPushCounts();
  const results: RecordResult[] = [];
  const system = direction.into === "salesforce" ? "salesforce" : tool.system;
  const object = direction.into === "salesforce" ? entity : entity === "account" ? "account" : "user";
  const plan = direction.into === "salesforce" ? await pushPlan(tool.id, tool.system, entity) : await writeBackPlan(tool.id, tool.system, entity);
  let writes: PlannedWrite[] = [];
  if (plan.mappings.length > 0) {
    writes =
      direction.into === "salesforce"
        ? (await planSalesforceWrites(tool.id, tool.system, plan, salesforceId, counts, results)).map((p) => ({ recordId: p.sfId, fields: p.fields, before: p.before }))
        : (await planToolWrites(tool.id, salesforceId, plan, direction.roles, counts, results)).map((p) => ({ recordId: p.row.id, fields: p.row.values, before: p.before }));
  }
  for (const w of writes) results.push({ system, object, recordId: w.recordId, operation: "update", outcome: WOULD_WRITE, fields: fieldChanges(w) });
  return {
    object: {
      tool: tool.system,
      system,
      object,
      linked: counts.linked,
      creates: 0,
      updates: writes.length,
      unchanged: counts.unchanged,
      skipped: counts.skipped,
      invalid: counts.invalid,
      note: plan.mappings.length === 0 ? "No field is mapped in this direction: a real run writes nothing here." : null,
    },
    results,
    samples: writes.slice(0, SAMPLE_SIZE).map((w) => ({ system, object, recordId: w.recordId, fields: fieldChanges(w) })),
    calls: writeCalls(system, writes.length, { bulkThreshold: env.SALESFORCE_BULK_PUSH_THRESHOLD }),
  };
}
