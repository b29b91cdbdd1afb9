import { stopIfCancelled } from "@/lib/sync/cancel";
import type { Integration } from "@/lib/generated/prisma/client";
import { db } from "@/lib/db";
import type { AnalyticsWriter, WriteBackOutcome, WriteBackRow } from "@/lib/connectors/analytics-writer";
import { analyticsWriterFor } from "@/lib/integrations/analytics-source";
import { salesforcePullSettings, type SalesforcePullSettings } from "@/lib/integrations/pull-settings";
import { buildPayload } from "@/lib/mapping/build-payload";
import { SYSTEM_LABEL, type AnalyticsSystem } from "@/lib/mapping/types";
import { contentHash } from "@/lib/sync/hash";
import type { RecordResult } from "@/lib/sync/record-results";
import { mergeCalls } from "@/lib/sync/runs";
import { writeBackPlan, type MappingPlan } from "@/lib/sync/push/mappings";
import { commitPushChunk, type PushedRecord } from "@/lib/sync/push/push-commit";
import { saveFailedCalls } from "@/lib/sync/failed-calls";
import { PushStopped, type PushEntity, type PushStepContext } from "@/lib/sync/push/push-salesforce";
import { emptyPushCounts, fieldsToWrite, type PushCounts } from "@/lib/sync/push/record-write";
import { onlyLinks, type RecordScope } from "@/lib/sync/retry/record-scope";
import { dismissedWrites, skipDismissed } from "@/lib/sync/retry/dismissed-writes";
import { salesforceAccountRecord, salesforceContactRecord } from "@/lib/sync/push/salesforce-record";

// Write Salesforce fields back to one Pendo or PX integration (its pull-from-Salesforce mappings;
// seed 000: Gainsight fields back to Pendo): for each linked record, build the payload from the
// Salesforce record as last pulled, against the tool's values as last pulled (so "only when empty"
// keeps a value a person or the tool set), and write only the fields that changed since the last
// write-back to that record. Each chunk's push state, per-record results and counts commit
// together as soon as the tool answers, so a run killed part-way re-sends at most the chunk in
// flight: Pendo's metadata and PX's merge PUT set values, so sending that chunk again changes nothing.

export interface WriteBackContext extends PushStepContext {
  /** The step's API calls by kind, merged in as the step ends, also when it stops part-way. */
  apiCalls: Record<string, number>;
}

export interface WriteBackSummary {
  accounts: PushCounts;
  contacts: PushCounts;
  /** Why nothing was written (a read-only key): the caller marks the step SKIPPED with this sentence. */
  skipped: string | null;
}

const STATS_KEY: Record<PushEntity, string> = { account: "accounts", contact: "contacts" };
/** PushState and per-record results name a Pendo visitor or PX user "user". */
const OBJECT: Record<PushEntity, "account" | "user"> = { account: "account", contact: "user" };

const READ_ONLY: Record<AnalyticsSystem, string> = {
  pendo:
    'The Pendo integration key is read-only: Clearinghouse wrote no Salesforce fields back to Pendo. Create a key with "Allow Write Access" in Pendo › Settings › Integrations › Integration Keys and reconnect Pendo with it on the Integrations page.',
  px: "The Gainsight PX API key is read-only: Clearinghouse wrote no Salesforce fields back to PX. Give the key Write permission in Gainsight PX › Administration › REST API, or reconnect PX with a key that has it on the Integrations page.",
};

interface Pending {
  row: WriteBackRow;
  /** Everything written back to the record so far, after this write. */
  values: Record<string, unknown>;
  before: Record<string, unknown>;
}

type EntityOutcome = { counts: PushCounts; readOnly: string | null };

async function loadRecords(toolId: string, sfIntegrationId: string, plan: MappingPlan, roles: SalesforcePullSettings, only?: RecordScope) {
  const links = await db.matchLink.findMany({ where: { integrationId: toolId, entity: plan.entity === "account" ? "ACCOUNT" : "CONTACT", ...onlyLinks(only, plan.system, OBJECT[plan.entity], "analyticsId") }, select: { analyticsId: true, salesforceId: true } });
  const sfIds = links.map((l) => l.salesforceId);
  const analyticsIds = links.map((l) => l.analyticsId);
  const toolRecords = { where: { integrationId: toolId, externalId: { in: analyticsIds }, removedAt: null }, select: { externalId: true, custom: true } };
  const [sources, currents, states] = await Promise.all([
    plan.entity === "account"
      ? db.sfAccount
          .findMany({ where: { integrationId: sfIntegrationId, id: { in: sfIds }, state: "ACTIVE" }, select: { id: true, name: true, website: true, fields: true } })
          .then((rows) => new Map(rows.map((r) => [r.id, salesforceAccountRecord(r, roles)])))
      : db.sfContact
          .findMany({ where: { integrationId: sfIntegrationId, id: { in: sfIds }, state: "ACTIVE" }, select: { id: true, accountId: true, email: true, phone: true, fields: true } })
          .then((rows) => new Map(rows.map((r) => [r.id, salesforceContactRecord(r, roles)]))),
    (plan.entity === "account" ? db.analyticsAccount.findMany(toolRecords) : db.analyticsUser.findMany(toolRecords)).then(
      (rows) => new Map(rows.map((r) => [r.externalId, (r.custom ?? {}) as Record<string, unknown>])),
    ),
    db.pushState
      .findMany({ where: { integrationId: toolId, targetSystem: plan.system, object: OBJECT[plan.entity], recordId: { in: analyticsIds } }, select: { recordId: true, values: true } })
      .then((rows) => new Map(rows.map((r) => [r.recordId, (r.values ?? {}) as Record<string, unknown>]))),
  ]);
  return { links, sources, currents, states };
}

/** Each linked record's write: what changed since the last write-back, or why there is none. Writes nothing (the preview calls it too). */
export async function planWrites(toolId: string, sfIntegrationId: string, plan: MappingPlan, roles: SalesforcePullSettings, counts: PushCounts, results: RecordResult[], only?: RecordScope): Promise<Pending[]> {
  const { links, sources, currents, states } = await loadRecords(toolId, sfIntegrationId, plan, roles, only);
  const dismissed = await dismissedWrites(toolId, plan.system, OBJECT[plan.entity]);
  const payloadPlan = { system: plan.system, direction: plan.direction, mappings: plan.mappings, targetFields: plan.analyticsFields, sourceFields: plan.salesforceFields };
  const pending: Pending[] = [];
  for (const link of links) {
    const source = sources.get(link.salesforceId);
    // The tool's values as last pulled: a field it does not hold is empty there.
    const current = currents.get(link.analyticsId);
    if (!source || !current) continue;
    counts.linked++;
    const payload = buildPayload(payloadPlan, source, current);
    const last = states.get(link.analyticsId) ?? {};
    const changed = fieldsToWrite(payload, last, counts, results, (bad) => ({
      system: plan.system,
      object: OBJECT[plan.entity],
      recordId: link.analyticsId,
      operation: "update",
      outcome: "invalid",
      errorCode: bad.code,
      message: bad.message,
      fields: { [bad.targetField]: { source: bad.source } },
    }));
    if (!changed) continue;
    if (skipDismissed(dismissed, { system: plan.system, object: OBJECT[plan.entity], recordId: link.analyticsId, values: { ...last, ...changed }, changed }, counts, results)) continue;
    pending.push({ row: { id: link.analyticsId, values: changed }, values: { ...last, ...changed }, before: Object.fromEntries(Object.keys(changed).map((k) => [k, current[k] ?? null])) });
  }
  return pending;
}

const fieldChanges = (p: Pending) => Object.fromEntries(Object.entries(p.row.values).map(([k, v]) => [k, { before: p.before[k] ?? null, after: v }]));
const pushed = (p: Pending): PushedRecord => ({ recordId: p.row.id, values: p.values, hash: contentHash(p.values) });

type Refused = Extract<WriteBackOutcome, { ok: false }>;
const isReadOnly = (o: WriteBackOutcome): o is Refused => !o.ok && o.code === "READ_ONLY_KEY";
/** An outcome that ends the whole write: the tool is down or its allowance spent (after the connector's retries), or the key was refused. */
const stopsTheStep = (o: WriteBackOutcome): o is Refused => !o.ok && (o.kind === "transient" || o.kind === "quota" || o.code === "401");

function refusal(system: AnalyticsSystem, o: Refused): string {
  const again = o.retryable ? " It is tried again on the next run." : "";
  const said = o.sentence.includes(o.vendorMessage) ? "" : ` ${SYSTEM_LABEL[system]} said: ${o.vendorMessage}`;
  return `${o.sentence}${again}${said}`;
}

/** Writes one entity back, chunk by chunk; counts and results land in the step as each chunk commits. */
async function writeBackEntity(writer: AnalyticsWriter, toolId: string, entity: PushEntity, sfIntegrationId: string, roles: SalesforcePullSettings, ctx: WriteBackContext): Promise<EntityOutcome> {
  // A resumed step: records its earlier attempt wrote now plan as unchanged; count them as written.
  const earlier = ctx.stats[STATS_KEY[entity]]?.written ?? 0;
  const counts = emptyPushCounts();
  ctx.stats[STATS_KEY[entity]] = counts as unknown as Record<string, number>;
  const plan = await writeBackPlan(toolId, writer.system, entity);
  if (plan.mappings.length === 0) return { counts, readOnly: null };
  const target = { integrationId: toolId, targetSystem: writer.system, object: OBJECT[entity] };
  const step = { runId: ctx.runId, stepId: ctx.stepId };
  const results: RecordResult[] = [];
  const pending = await planWrites(toolId, sfIntegrationId, plan, roles, counts, results, ctx.only);
  const carried = Math.min(earlier, counts.unchanged);
  counts.unchanged -= carried;
  counts.written += carried;
  counts.total += carried + pending.length;
  await commitPushChunk(target, step, [], results, { stats: ctx.stats, checkpoint: ctx.checkpoint });

  const write = (rows: WriteBackRow[]) => (entity === "account" ? writer.writeAccounts(rows) : writer.writeUsers(rows));
  for (let i = 0; i < pending.length; i += writer.chunkSize) {
    await stopIfCancelled(ctx.runId);
    const chunk = pending.slice(i, i + writer.chunkSize);
    let outcomes: WriteBackOutcome[];
    try {
      outcomes = await write(chunk.map((p) => p.row));
    } catch (error) {
      await saveFailedCalls(step, writer.failedCalls());
      throw error;
    }
    // The key cannot write: nothing of this chunk was written, and every later call would get the same answer.
    const readOnly = outcomes.find(isReadOnly);
    if (readOnly) {
      await saveFailedCalls(step, writer.failedCalls());
      return { counts, readOnly: readOnly.sentence };
    }
    const stop = outcomes.find(stopsTheStep);
    const ok: PushedRecord[] = [];
    const chunkResults: RecordResult[] = [];
    outcomes.forEach((o, j) => {
      const p = chunk[j]!;
      const base = { system: writer.system, object: OBJECT[entity], recordId: p.row.id, operation: "update", fields: fieldChanges(p) } as const;
      if (o.ok) {
        counts.written++;
        ok.push(pushed(p));
        chunkResults.push({ ...base, outcome: "succeeded" });
      } else {
        counts.rejected++;
        chunkResults.push({ ...base, outcome: stopsTheStep(o) ? "failed" : "rejected", errorCode: o.code, message: refusal(writer.system, o) });
      }
    });
    await commitPushChunk(target, step, ok, chunkResults, { stats: ctx.stats, checkpoint: ctx.checkpoint }, writer.failedCalls());
    if (stop) {
      const left = counts.total - counts.written;
      const noun = entity === "account" ? "accounts" : writer.system === "pendo" ? "visitors" : "users";
      throw new PushStopped(`${stop.sentence} ${left} of ${counts.total} ${noun} are still to be written back; the next run writes them.`);
    }
  }
  return { counts, readOnly: null };
}

/**
 * The write-back step of one Pendo or PX integration: accounts, then visitors/users. A read-only
 * key writes nothing and returns the reason in `skipped`; the tool down or its allowance spent
 * throws PushStopped after committing what was written.
 */
export async function pushToAnalytics(tool: Integration, sfIntegrationId: string, ctx: WriteBackContext): Promise<WriteBackSummary> {
  if (tool.system === "SALESFORCE") throw new Error("pushToAnalytics: Salesforce is not an analytics tool");
  const system: AnalyticsSystem = tool.system === "PENDO" ? "pendo" : "px";
  if (!tool.canWrite) return { accounts: emptyPushCounts(), contacts: emptyPushCounts(), skipped: READ_ONLY[system] };
  const writer = analyticsWriterFor(tool);
  const roles = await salesforcePullSettings(sfIntegrationId);
  try {
    const accounts = await writeBackEntity(writer, tool.id, "account", sfIntegrationId, roles, ctx);
    if (accounts.readOnly) return { accounts: accounts.counts, contacts: emptyPushCounts(), skipped: accounts.readOnly };
    const contacts = await writeBackEntity(writer, tool.id, "contact", sfIntegrationId, roles, ctx);
    return { accounts: accounts.counts, contacts: contacts.counts, skipped: contacts.readOnly };
  } finally {
    mergeCalls(ctx.apiCalls, writer.apiCalls());
  }
}
