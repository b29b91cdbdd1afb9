import { db } from "@/lib/db";
import type { PendoConnector } from "@/lib/connectors/pendo/client";
import { AppError } from "@/lib/errors";
import { cacheAnalyticsFields, obj, scalarFields, text, time } from "@/lib/sync/pull/analytics-fields";
import { loadCheckpoint, saveCheckpoint, type Checkpoint } from "@/lib/sync/checkpoint";
import type { PullContext } from "@/lib/sync/pull/salesforce-pull";
import { statsFor } from "@/lib/sync/stats";
import { analyticsPageSize } from "@/lib/sync/pull/settings";
import { markUnseenRemoved, writeAnalyticsAccounts, writeAnalyticsUsers, type AnalyticsAccountRow, type AnalyticsUserRow } from "@/lib/sync/pull/write-analytics";

// Pendo accounts and visitors through the aggregation API, in keyset pages on the record id
// (filter id > last, sort by id, limit), so a resumed pull continues after the last committed id.
// Like PX, Pendo is read in full and diffed locally.

type Row = Record<string, unknown>;
const PAGE_SIZE = 5000;
/** A Salesforce account ID used as the Pendo account id itself (seed 000's 1:1 setup). */
const SALESFORCE_ACCOUNT_ID = /^001[A-Za-z0-9]{12}(?:[A-Za-z0-9]{3})?$/;

function flatMetadata(metadata: Row): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [group, values] of Object.entries(metadata)) scalarFields(obj(values), `${group}.`, out);
  return out;
}

export function pendoAccountRow(r: Row): AnalyticsAccountRow {
  const id = String(r.accountId);
  const m = obj(r.metadata);
  const custom = obj(m.custom);
  const agent = obj(m.agent);
  return {
    externalId: id,
    name: text(agent.name) ?? text(custom.name),
    website: text(custom.domain) ?? text(agent.website) ?? text(custom.website),
    salesforceIdRaw: text(custom.sfdcaccountid) ?? text(custom.salesforceid) ?? (SALESFORCE_ACCOUNT_ID.test(id) ? id : null),
    custom: flatMetadata(m),
    lastSeenAt: time(obj(m.auto).lastvisit),
  };
}

export function pendoVisitorRow(r: Row): AnalyticsUserRow {
  const m = obj(r.metadata);
  const agent = obj(m.agent);
  const auto = obj(m.auto);
  const custom = obj(m.custom);
  const name = [text(agent.firstname), text(agent.lastname)].filter(Boolean).join(" ") || text(agent.name);
  return {
    externalId: String(r.visitorId),
    accountExternalId: text(auto.accountid) ?? text(agent.accountid),
    email: text(agent.email) ?? text(custom.email),
    phone: text(agent.phone) ?? text(custom.phone),
    name: name || null,
    salesforceContactIdRaw: text(custom.sfdc_contact_id) ?? text(custom.sfdccontactid),
    custom: flatMetadata(m),
    lastSeenAt: time(auto.lastvisit),
  };
}

const SOURCES = {
  accounts: { source: { accounts: null }, idField: "accountId" },
  users: { source: { visitors: { identified: true } }, idField: "visitorId" },
} as const;

async function pullKind(pageSize: number, pendo: PendoConnector, ctx: PullContext, checkpoint: Checkpoint, kind: "accounts" | "users") {
  if (checkpoint[kind]?.done) return;
  const { source, idField } = SOURCES[kind];
  const stats = statsFor(ctx.stats, kind);
  let after = checkpoint[kind]?.position ?? null;
  for (;;) {
    const pipeline = [{ source }, ...(after === null ? [] : [{ filter: `${idField} > ${JSON.stringify(after)}` }]), { sort: [idField] }, { limit: pageSize }];
    const rows = await pendo.aggregate(pipeline);
    const last = rows.length ? String(rows[rows.length - 1]![idField]) : after;
    if (rows.length && after !== null && last! <= after) {
      throw new AppError("UNAVAILABLE", `Pendo returned ${kind} out of order after ${after}; the pull stopped so nothing is skipped. Pull again; if it repeats, report it.`);
    }
    const done = rows.length < pageSize;
    checkpoint[kind] = { position: last, done };
    const at = new Date();
    await db.$transaction(
      async (tx) => {
        if (rows.length) {
          if (kind === "accounts") await writeAnalyticsAccounts(tx, ctx.integrationId, ctx.runId, rows.map(pendoAccountRow), stats, at);
          else await writeAnalyticsUsers(tx, ctx.integrationId, ctx.runId, rows.map(pendoVisitorRow), stats, at);
        }
        await saveCheckpoint(tx, ctx.runId, checkpoint);
      },
      { timeout: 120_000 },
    );
    await ctx.beat();
    if (done) return;
    after = last;
  }
}

export async function pullPendo(pendo: PendoConnector, ctx: PullContext): Promise<"full"> {
  const [accountFields, visitorFields] = await Promise.all([pendo.metadataFields("account"), pendo.metadataFields("visitor")]);
  await cacheAnalyticsFields(ctx.integrationId, "account", "Pendo account", accountFields);
  await cacheAnalyticsFields(ctx.integrationId, "user", "Pendo visitor", visitorFields);
  const checkpoint = await loadCheckpoint(ctx.runId);
  const pageSize = await analyticsPageSize(ctx.integrationId, PAGE_SIZE, 10_000);
  await pullKind(pageSize, pendo, ctx, checkpoint, "accounts");
  await pullKind(pageSize, pendo, ctx, checkpoint, "users");
  await db.$transaction((tx) => markUnseenRemoved(tx, ctx.integrationId, ctx.runId, { accounts: statsFor(ctx.stats, "accounts"), users: statsFor(ctx.stats, "users") }, new Date()));
  return "full";
}
