import { db } from "@/lib/db";
import type { SalesforceConnector } from "@/lib/connectors/salesforce/connection";
import { updateRecords } from "@/lib/connectors/salesforce/collections";
import { bulkIngest } from "@/lib/connectors/salesforce/bulk-ingest";
import type { SalesforceRecordUpdate, WriteResult } from "@/lib/connectors/salesforce/write-results";
import { buildPayload } from "@/lib/mapping/build-payload";
import { contentHash } from "@/lib/sync/hash";
import type { AnalyticsSystem } from "@/lib/mapping/types";
import { recordResults, type RecordResult } from "@/lib/sync/record-results";
import { inTransaction } from "@/lib/sync/sql";
import { pushPlan, type MappingPlan } from "@/lib/sync/push/mappings";
import { accountSourceRecord, userSourceRecord } from "@/lib/sync/push/source-records";

// Push one analytics tool's numbers into Salesforce (only PX_/Pendo_ fields, through the mappings):
// for each linked record, build the payload, compare its hash with what was last pushed to that
// record, and write only the fields that changed, through sObject Collections (200 a call) or a Bulk API 2.0
// ingest job above the threshold. Records flagged duplicate, ambiguous or excluded have no link,
// so they push nothing. Every record's outcome becomes a per-record result.

export const BULK_PUSH_THRESHOLD = 2000;

export interface PushCounts {
  linked: number;
  written: number;
  unchanged: number;
  skipped: number;
  invalid: number;
  rejected: number;
}

const emptyCounts = (): PushCounts => ({ linked: 0, written: 0, unchanged: 0, skipped: 0, invalid: 0, rejected: 0 });

interface Pending {
  sfId: string;
  analyticsId: string;
  /** The fields this write sends (changed since the last push). */
  fields: Record<string, unknown>;
  /** Everything pushed to the record so far, after this write. */
  values: Record<string, unknown>;
  hash: string;
  before: Record<string, unknown>;
}

async function loadRecords(integrationId: string, system: AnalyticsSystem, plan: MappingPlan, sfIntegrationId: string) {
  const entity = plan.entity === "account" ? "ACCOUNT" : "CONTACT";
  const links = await db.matchLink.findMany({ where: { integrationId, entity }, select: { analyticsId: true, salesforceId: true } });
  const analyticsIds = links.map((l) => l.analyticsId);
  const sfIds = links.map((l) => l.salesforceId);
  const [sources, targets, states] = await Promise.all([
    plan.entity === "account"
      ? db.analyticsAccount.findMany({ where: { integrationId, externalId: { in: analyticsIds }, removedAt: null } }).then((rows) => new Map(rows.map((r) => [r.externalId, accountSourceRecord(system, r)])))
      : db.analyticsUser.findMany({ where: { integrationId, externalId: { in: analyticsIds }, removedAt: null } }).then((rows) => new Map(rows.map((r) => [r.externalId, userSourceRecord(system, r)]))),
    (plan.entity === "account"
      ? db.sfAccount.findMany({ where: { integrationId: sfIntegrationId, id: { in: sfIds }, state: "ACTIVE" }, select: { id: true, fields: true } })
      : db.sfContact.findMany({ where: { integrationId: sfIntegrationId, id: { in: sfIds }, state: "ACTIVE" }, select: { id: true, fields: true } })
    ).then((rows) => new Map(rows.map((r) => [r.id, (r.fields ?? {}) as Record<string, unknown>]))),
    db.pushState.findMany({ where: { integrationId, targetSystem: "salesforce", object: plan.entity, recordId: { in: sfIds } }, select: { recordId: true, values: true } }).then(
      (rows) => new Map(rows.map((r) => [r.recordId, (r.values ?? {}) as Record<string, unknown>])),
    ),
  ]);
  return { links, sources, targets, states };
}

async function write(sf: SalesforceConnector, object: string, pending: Pending[]): Promise<WriteResult[]> {
  const records = pending.map((p) => ({ Id: p.sfId, ...p.fields }) as SalesforceRecordUpdate);
  if (records.length > BULK_PUSH_THRESHOLD) return bulkIngest(sf, object, "update", records);
  return updateRecords(sf, object, records);
}

/** Pushes one entity; returns its counts and appends its per-record results. */
async function pushEntity(sf: SalesforceConnector, integrationId: string, system: AnalyticsSystem, entity: "account" | "contact", sfIntegrationId: string, step: { runId: string; stepId: string }): Promise<PushCounts> {
  const counts = emptyCounts();
  const plan = await pushPlan(integrationId, system, entity);
  if (plan.mappings.length === 0) return counts;
  const targetKeys = plan.mappings.map((m) => m.targetField);
  const { links, sources, targets, states } = await loadRecords(integrationId, system, plan, sfIntegrationId);
  const results: RecordResult[] = [];
  const pending: Pending[] = [];
  const object = entity;
  for (const link of links) {
    const source = sources.get(link.analyticsId);
    const target = targets.get(link.salesforceId);
    if (!source || !target) continue;
    counts.linked++;
    // "Only when empty" needs the target's value: until the Salesforce pull has read every mapped
    // field of this record, such mappings are skipped rather than risk overwriting a typed value.
    const current = targetKeys.every((k) => k in target) ? target : null;
    const payload = buildPayload({ system, direction: "push-to-salesforce", mappings: plan.mappings, targetFields: plan.salesforceFields, sourceFields: plan.analyticsFields }, source, current);
    for (const bad of payload.invalid) {
      counts.invalid++;
      results.push({ system: "salesforce", object, recordId: link.salesforceId, operation: "update", outcome: "invalid", errorCode: bad.code, message: bad.message, fields: { [bad.targetField]: { source: bad.source } } });
    }
    if (Object.keys(payload.fields).length === 0) {
      counts.skipped++;
      continue;
    }
    // Only fields whose value differs from what was last pushed to this record are written: a
    // field that "only when empty" now skips (it holds our own earlier value) changes nothing.
    const last = states.get(link.salesforceId) ?? {};
    const changed = Object.fromEntries(Object.entries(payload.fields).filter(([k, v]) => !(k in last) || JSON.stringify(last[k]) !== JSON.stringify(v)));
    if (Object.keys(changed).length === 0) {
      counts.unchanged++;
      continue;
    }
    const values = { ...last, ...changed };
    pending.push({ sfId: link.salesforceId, analyticsId: link.analyticsId, fields: changed, values, hash: contentHash(values), before: Object.fromEntries(Object.keys(changed).map((k) => [k, target[k] ?? null])) });
  }
  const written = pending.length ? await write(sf, plan.salesforceObject, pending) : [];
  const pushed: Pending[] = [];
  written.forEach((r, i) => {
    const p = pending[i]!;
    const fields = Object.fromEntries(Object.entries(p.fields).map(([k, v]) => [k, { before: p.before[k] ?? null, after: v }]));
    if (r.ok) {
      counts.written++;
      pushed.push(p);
      results.push({ system: "salesforce", object, recordId: p.sfId, operation: "update", outcome: "succeeded", fields });
    } else {
      counts.rejected++;
      results.push({ system: "salesforce", object, recordId: p.sfId, operation: "update", outcome: "rejected", errorCode: r.code, message: `${r.sentence} Salesforce said: ${r.vendorMessage}`, fields });
    }
  });
  await inTransaction(async (sql) => {
    if (pushed.length) {
      const now = new Date().toISOString();
      await sql.query(
        `INSERT INTO "PushState" ("integrationId", "targetSystem", "object", "recordId", "payloadHash", "values", "pushedAt", "runId")
         SELECT $1, 'salesforce', $2, u.id, u.hash, u.vals::jsonb, $3::timestamp, $4 FROM unnest($5::text[], $6::text[], $7::text[]) AS u(id, hash, vals)
         ON CONFLICT ("integrationId", "targetSystem", "object", "recordId") DO UPDATE SET
           "payloadHash" = EXCLUDED."payloadHash", "values" = EXCLUDED."values", "pushedAt" = EXCLUDED."pushedAt", "runId" = EXCLUDED."runId"`,
        [integrationId, entity, now, step.runId, pushed.map((p) => p.sfId), pushed.map((p) => p.hash), pushed.map((p) => JSON.stringify(p.values))],
      );
    }
    await recordResults(sql, step, results);
  });
  return counts;
}

/** The push step of one Pendo or PX integration into Salesforce: accounts, then contacts. */
export async function pushToSalesforce(sf: SalesforceConnector, integration: { id: string; system: "PENDO" | "PX" }, sfIntegrationId: string, step: { runId: string; stepId: string }) {
  const system: AnalyticsSystem = integration.system === "PENDO" ? "pendo" : "px";
  const accounts = await pushEntity(sf, integration.id, system, "account", sfIntegrationId, step);
  const contacts = await pushEntity(sf, integration.id, system, "contact", sfIntegrationId, step);
  return { accounts, contacts };
}
