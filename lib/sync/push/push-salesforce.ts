import { stopIfCancelled } from "@/lib/sync/cancel";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { COLLECTION_LIMIT } from "@/lib/connectors/salesforce/collections";
import type { SalesforceConnector } from "@/lib/connectors/salesforce/connection";
import { SalesforceWriteInterrupted, type SalesforceRecordUpdate } from "@/lib/connectors/salesforce/write-results";
import { buildPayload } from "@/lib/mapping/build-payload";
import type { AnalyticsSystem } from "@/lib/mapping/types";
import { contentHash } from "@/lib/sync/hash";
import type { RecordResult } from "@/lib/sync/record-results";
import type { StepCheckpoint, StepStats } from "@/lib/sync/runs";
import { pushPlan, type MappingPlan } from "@/lib/sync/push/mappings";
import { accountSourceRecord, userSourceRecord } from "@/lib/sync/push/source-records";
import { commitPushChunk, type PushedRecord } from "@/lib/sync/push/push-commit";
import { confirmInFlight } from "@/lib/sync/push/confirm-in-flight";
import { writeSalesforceChunk } from "@/lib/sync/push/write-salesforce-chunk";
import { saveFailedCalls } from "@/lib/sync/failed-calls";
import type { KpiValues } from "@/lib/kpis/catalogue";
import { currentHealth, healthPushValues, type CurrentHealth } from "@/lib/health/latest-health";
import { latestSalesforceKpis } from "@/lib/kpis/latest-kpis";
import { emptyPushCounts, fieldsToWrite, type PushCounts } from "@/lib/sync/push/record-write";
import { onlyLinks, type RecordScope } from "@/lib/sync/retry/record-scope";
import { dismissedWrites, skipDismissed } from "@/lib/sync/retry/dismissed-writes";

// Push one analytics tool's numbers into Salesforce (only PX_/Pendo_ fields, through the mappings):
// for each linked record, build the payload, compare it with what was last pushed to that record,
// and write only the fields that changed, through sObject Collections (200 a call) or a Bulk API
// 2.0 ingest job above the threshold. Records flagged duplicate, ambiguous or excluded have no
// link, so they push nothing. Each chunk's push state, per-record results and counts commit
// together as it is written, so a killed run resumes after the last written chunk.

export type { PushCounts } from "@/lib/sync/push/record-write";

export type PushEntity = "account" | "contact";

const STATS_KEY: Record<PushEntity, string> = { account: "accounts", contact: "contacts" };

/** Why the push stopped before writing everything: the next run goes on from there. */
export class PushStopped extends Error {
  constructor(readonly reason: string) {
    super(reason);
  }
}

interface Pending {
  sfId: string;
  /** The fields this write sends (changed since the last push). */
  fields: Record<string, unknown>;
  /** Everything pushed to the record so far, after this write. */
  values: Record<string, unknown>;
  before: Record<string, unknown>;
}

export interface PushStepContext {
  runId: string;
  stepId: string;
  stats: StepStats;
  checkpoint: StepCheckpoint;
  /** A retry: only these records are read and written (lib/sync/retry). */
  only?: RecordScope;
}

async function loadRecords(integrationId: string, system: AnalyticsSystem, plan: MappingPlan, sfIntegrationId: string, only?: RecordScope) {
  const entity = plan.entity === "account" ? "ACCOUNT" : "CONTACT";
  const links = await db.matchLink.findMany({ where: { integrationId, entity, ...onlyLinks(only, "salesforce", plan.entity, "salesforceId") }, select: { analyticsId: true, salesforceId: true } });
  const analyticsIds = links.map((l) => l.analyticsId);
  const sfIds = links.map((l) => l.salesforceId);
  // Calculated values (KPIs) are per Salesforce account; only account mappings use them.
  const calculated = plan.entity === "account" && plan.mappings.some((m) => m.source.kind === "calculated");
  const [sources, targets, states, kpis, health] = await Promise.all([
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
    calculated ? latestSalesforceKpis(integrationId, sfIds) : Promise.resolve(new Map<string, KpiValues>()),
    calculated ? currentHealth(sfIds) : Promise.resolve(new Map<string, CurrentHealth>()),
  ]);
  return { links, sources, targets, states, kpis, health };
}

/** Each linked record's write: what changed since the last push, or why there is none. Writes nothing (the preview calls it too). */
export async function planWrites(integrationId: string, system: AnalyticsSystem, plan: MappingPlan, sfIntegrationId: string, counts: PushCounts, results: RecordResult[], only?: RecordScope): Promise<Pending[]> {
  const targetKeys = plan.mappings.map((m) => m.targetField);
  const { links, sources, targets, states, kpis, health } = await loadRecords(integrationId, system, plan, sfIntegrationId, only);
  const dismissed = await dismissedWrites(integrationId, "salesforce", plan.entity);
  const pending: Pending[] = [];
  for (const link of links) {
    const record = sources.get(link.analyticsId);
    const target = targets.get(link.salesforceId);
    if (!record || !target) continue;
    counts.linked++;
    // No snapshot yet (usage not ingested): the KPI keys are absent, so their mappings leave the field as it is.
    const source = { ...record, ...calculatedValues(kpis.get(link.salesforceId)), ...calculatedValues(healthPushValues(health.get(link.salesforceId))) };
    // "Only when empty" needs the target's value: until the Salesforce pull has read every mapped
    // field of this record, such mappings are skipped rather than risk overwriting a typed value.
    const current = targetKeys.every((k) => k in target) ? target : null;
    const payload = buildPayload({ system, direction: "push-to-salesforce", mappings: plan.mappings, targetFields: plan.salesforceFields, sourceFields: plan.analyticsFields }, source, current);
    const last = states.get(link.salesforceId) ?? {};
    const changed = fieldsToWrite(payload, last, counts, results, (bad) => ({
      system: "salesforce",
      object: plan.entity,
      recordId: link.salesforceId,
      operation: "update",
      outcome: "invalid",
      errorCode: bad.code,
      message: bad.message,
      fields: { [bad.targetField]: { source: bad.source } },
    }));
    if (!changed) continue;
    if (skipDismissed(dismissed, { system: "salesforce", object: plan.entity, recordId: link.salesforceId, values: { ...last, ...changed }, changed }, counts, results)) continue;
    pending.push({ sfId: link.salesforceId, fields: changed, values: { ...last, ...changed }, before: Object.fromEntries(Object.keys(changed).map((k) => [k, target[k] ?? null])) });
  }
  return pending;
}

/** KPI and health values under the keys mappings read them by (`calculated:<key>`). */
function calculatedValues(values: Readonly<Record<string, unknown>> | undefined): Record<string, unknown> {
  return values ? Object.fromEntries(Object.entries(values).map(([k, v]) => [`calculated:${k}`, v])) : {};
}

function fieldChanges(p: Pending): Record<string, unknown> {
  return Object.fromEntries(Object.entries(p.fields).map(([k, v]) => [k, { before: p.before[k] ?? null, after: v }]));
}

const pushed = (p: Pending): PushedRecord => ({ recordId: p.sfId, values: p.values, hash: contentHash(p.values) });

/** Chunks of one Collections call each, or the whole set as one Bulk API 2.0 job above the threshold. */
function chunksOf(pending: Pending[]): Pending[][] {
  const size = pending.length > env.SALESFORCE_BULK_PUSH_THRESHOLD ? pending.length : COLLECTION_LIMIT;
  const chunks: Pending[][] = [];
  for (let i = 0; i < pending.length; i += size) chunks.push(pending.slice(i, i + size));
  return chunks;
}

/** Pushes one entity, chunk by chunk; counts and results land in the step as each chunk commits. */
async function pushEntity(sf: SalesforceConnector, tool: { id: string; system: AnalyticsSystem }, entity: PushEntity, sfIntegrationId: string, ctx: PushStepContext): Promise<PushCounts> {
  // A resumed step: records its earlier attempt wrote now plan as unchanged; count them as written.
  const earlier = ctx.stats[STATS_KEY[entity]]?.written ?? 0;
  const counts = emptyPushCounts();
  ctx.stats[STATS_KEY[entity]] = counts as unknown as Record<string, number>;
  const plan = await pushPlan(tool.id, tool.system, entity);
  if (plan.mappings.length === 0) return counts;
  const target = { integrationId: tool.id, targetSystem: "salesforce", object: entity };
  const step = { runId: ctx.runId, stepId: ctx.stepId };
  let results: RecordResult[] = [];
  let pending = await planWrites(tool.id, tool.system, plan, sfIntegrationId, counts, results, ctx.only);
  const carried = Math.min(earlier, counts.unchanged);
  counts.unchanged -= carried;
  counts.written += carried;
  counts.total += carried;

  // A chunk a killed worker left in flight: records Salesforce already holds are not written again.
  const inFlight = ctx.checkpoint.inFlight;
  if (inFlight?.entity === entity && Array.isArray(inFlight.ids)) {
    const ids = new Set(inFlight.ids as string[]);
    const confirmed = await confirmInFlight(sf, plan.salesforceObject, pending.filter((p) => ids.has(p.sfId)));
    const done = pending.filter((p) => confirmed.has(p.sfId));
    counts.written += done.length;
    for (const p of done) results.push({ system: "salesforce", object: entity, recordId: p.sfId, operation: "update", outcome: "succeeded", message: "Written before the worker stopped; confirmed by reading it back.", fields: fieldChanges(p) });
    pending = pending.filter((p) => !confirmed.has(p.sfId));
    delete ctx.checkpoint.inFlight;
    counts.total += done.length;
    await commitPushChunk(target, step, done.map(pushed), results, { stats: ctx.stats, checkpoint: ctx.checkpoint });
    results = [];
  }
  counts.total += pending.length;
  await commitPushChunk(target, step, [], results, { stats: ctx.stats, checkpoint: ctx.checkpoint });

  for (const chunk of chunksOf(pending)) {
    // A boundary: every chunk before this one is written and committed, none of this one is sent.
    await stopIfCancelled(ctx.runId);
    ctx.checkpoint.inFlight = { entity, ids: chunk.map((p) => p.sfId) };
    await commitPushChunk(target, step, [], [], { stats: ctx.stats, checkpoint: ctx.checkpoint });
    let written;
    try {
      written = await writeSalesforceChunk(sf, plan.salesforceObject, chunk.map((p) => ({ Id: p.sfId, ...p.fields }) as SalesforceRecordUpdate));
    } catch (error) {
      await saveFailedCalls(step, sf.failedCalls.drain());
      // Nothing of this chunk is known to be written; the checkpoint keeps it in flight for the
      // next attempt to read back. A spent allowance stops the push cleanly: the next run resumes.
      if (error instanceof SalesforceWriteInterrupted && error.kind === "quota") {
        const left = counts.total - counts.written - counts.rejected;
        const still = `${left} of ${counts.total} ${STATS_KEY[entity]} still to write`;
        // Our own budget's message already says which share was used up and what to do.
        if (error.code === "API_BUDGET_SPENT") throw new PushStopped(`${error.vendorMessage} (${still}.)`);
        throw new PushStopped(`Salesforce's API allowance ran out (${error.code}) with ${still}. The next run resumes from here.`);
      }
      throw error;
    }
    const chunkResults: RecordResult[] = [];
    const ok: PushedRecord[] = [];
    written.forEach((r, i) => {
      const p = chunk[i]!;
      if (r.ok) {
        counts.written++;
        ok.push(pushed(p));
        chunkResults.push({ system: "salesforce", object: entity, recordId: p.sfId, operation: "update", outcome: "succeeded", fields: fieldChanges(p) });
      } else {
        counts.rejected++;
        const carried = r.retryable ? " It is tried again on the next run." : "";
        chunkResults.push({ system: "salesforce", object: entity, recordId: p.sfId, operation: "update", outcome: "rejected", errorCode: r.code, message: `${r.sentence}${carried} Salesforce said: ${r.vendorMessage}`, fields: fieldChanges(p) });
      }
    });
    delete ctx.checkpoint.inFlight;
    await commitPushChunk(target, step, ok, chunkResults, { stats: ctx.stats, checkpoint: ctx.checkpoint }, sf.failedCalls.drain());
  }
  return counts;
}

/** The push step of one Pendo or PX integration into Salesforce: accounts, then contacts. */
export async function pushToSalesforce(sf: SalesforceConnector, tool: { id: string; system: "PENDO" | "PX" }, sfIntegrationId: string, ctx: PushStepContext): Promise<{ accounts: PushCounts; contacts: PushCounts }> {
  const system: AnalyticsSystem = tool.system === "PENDO" ? "pendo" : "px";
  const accounts = await pushEntity(sf, { id: tool.id, system }, "account", sfIntegrationId, ctx);
  const contacts = await pushEntity(sf, { id: tool.id, system }, "contact", sfIntegrationId, ctx);
  return { accounts, contacts };
}
