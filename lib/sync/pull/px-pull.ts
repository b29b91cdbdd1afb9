import { db } from "@/lib/db";
import type { PxConnector } from "@/lib/connectors/px/client";
import { cacheAnalyticsFields, obj, scalarFields, text, time } from "@/lib/sync/pull/analytics-fields";
import { loadCheckpoint, saveCheckpoint, type Checkpoint } from "@/lib/sync/checkpoint";
import type { PullContext } from "@/lib/sync/pull/salesforce-pull";
import { statsFor } from "@/lib/sync/stats";
import { analyticsPageSize } from "@/lib/sync/pull/settings";
import { markUnseenRemoved, writeAnalyticsAccounts, writeAnalyticsUsers, type AnalyticsAccountRow, type AnalyticsUserRow } from "@/lib/sync/pull/write-analytics";

// PX has no "changed since" filter: read every account and user with scroll paging, write what
// changed, and diff locally at the end. A scroll is a cursor on PX's side that moves as each page
// is fetched, so a killed pull may have fetched a page it never committed: resuming with its
// scrollId would skip that page. A resumed run therefore re-reads the unfinished object from the
// start (writes are idempotent; only the API calls are spent twice) and skips the finished ones.

type Px = Record<string, unknown>;
const PAGE_SIZE = 1000;
/** PX attributes the hub stores as columns, not among a record's custom values (the picker leaves them out). */
export const PX_COLUMN_FIELDS = {
  account: new Set(["id", "name", "website", "sfdcId", "customAttributes", "lastSeenDate"]),
  user: new Set(["id", "identifyId", "accountId", "email", "phone", "firstName", "lastName", "sfdcContactId", "customAttributes", "lastSeenDate"]),
};

function custom(record: Px, skip: Set<string>): Record<string, unknown> {
  const rest = Object.fromEntries(Object.entries(record).filter(([k]) => !skip.has(k)));
  return scalarFields(obj(record.customAttributes), "", scalarFields(rest));
}

export function pxAccountRow(r: Px): AnalyticsAccountRow {
  return {
    externalId: String(r.id),
    name: text(r.name),
    website: text(r.website),
    salesforceIdRaw: text(r.sfdcId),
    custom: custom(r, PX_COLUMN_FIELDS.account),
    lastSeenAt: time(r.lastSeenDate),
  };
}

export function pxUserRow(r: Px): AnalyticsUserRow {
  const name = [text(r.firstName), text(r.lastName)].filter(Boolean).join(" ");
  return {
    externalId: String(r.identifyId ?? r.id),
    accountExternalId: text(r.accountId),
    email: text(r.email),
    phone: text(r.phone),
    name: name || null,
    salesforceContactIdRaw: text(r.sfdcContactId),
    custom: custom(r, PX_COLUMN_FIELDS.user),
    lastSeenAt: time(r.lastSeenDate),
  };
}

async function pullKind(pageSize: number, px: PxConnector, ctx: PullContext, checkpoint: Checkpoint, kind: "accounts" | "users") {
  if (checkpoint[kind]?.done) return;
  const stats = statsFor(ctx.stats, kind);
  let scrollId: string | null = null;
  for (;;) {
    const page = await px.scrollPage(kind, scrollId, pageSize);
    const at = new Date();
    const records = page.records;
    scrollId = page.scrollId;
    const done = records.length === 0 || scrollId === null;
    checkpoint[kind] = { position: scrollId, done };
    await db.$transaction(
      async (tx) => {
        if (records.length) {
          if (kind === "accounts") await writeAnalyticsAccounts(tx, ctx.integrationId, ctx.runId, records.map(pxAccountRow), stats, at);
          else await writeAnalyticsUsers(tx, ctx.integrationId, ctx.runId, records.map(pxUserRow), stats, at);
        }
        await saveCheckpoint(tx, ctx.runId, checkpoint);
      },
      { timeout: 120_000 },
    );
    await ctx.beat();
    if (done) return;
  }
}

export async function pullPx(px: PxConnector, ctx: PullContext): Promise<"full"> {
  const [accountFields, userFields] = await Promise.all([px.attributes("account"), px.attributes("user")]);
  await cacheAnalyticsFields(ctx.integrationId, "account", "PX account", accountFields);
  await cacheAnalyticsFields(ctx.integrationId, "user", "PX user", userFields);
  const checkpoint = await loadCheckpoint(ctx.runId);
  const pageSize = await analyticsPageSize(ctx.integrationId, PAGE_SIZE, 1000);
  await pullKind(pageSize, px, ctx, checkpoint, "accounts");
  await pullKind(pageSize, px, ctx, checkpoint, "users");
  await db.$transaction((tx) => markUnseenRemoved(tx, ctx.integrationId, ctx.runId, { accounts: statsFor(ctx.stats, "accounts"), users: statsFor(ctx.stats, "users") }, new Date()));
  return "full";
}
