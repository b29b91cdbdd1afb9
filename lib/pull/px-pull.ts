import { db } from "@/lib/db";
import { VendorError } from "@/lib/connectors/errors";
import type { PxConnector } from "@/lib/connectors/px/client";
import { logger } from "@/lib/logger";
import { cacheAnalyticsFields, obj, scalarFields, text, time } from "@/lib/pull/analytics-fields";
import { loadCheckpoint, saveCheckpoint, type Checkpoint } from "@/lib/pull/checkpoint";
import type { PullContext } from "@/lib/pull/salesforce-pull";
import { statsFor } from "@/lib/pull/stats";
import { markUnseenRemoved, writeAnalyticsAccounts, writeAnalyticsUsers, type AnalyticsAccountRow, type AnalyticsUserRow } from "@/lib/pull/write-analytics";

// PX has no "changed since" filter: read every account and user with scroll paging, write what
// changed, and diff locally at the end. The scrollId is checkpointed after each page; PX forgets
// it after 10 idle minutes, so a resume that finds it expired starts that object again (writes are
// idempotent, only the API calls are spent twice).

type Px = Record<string, unknown>;
const PAGE_SIZE = 1000;
const ACCOUNT_FIELDS = new Set(["id", "name", "website", "sfdcId", "customAttributes", "lastSeenDate"]);
const USER_FIELDS = new Set(["id", "identifyId", "accountId", "email", "phone", "firstName", "lastName", "sfdcContactId", "customAttributes", "lastSeenDate"]);

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
    custom: custom(r, ACCOUNT_FIELDS),
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
    custom: custom(r, USER_FIELDS),
    lastSeenAt: time(r.lastSeenDate),
  };
}

const expiredScroll = (e: unknown) => e instanceof VendorError && e.status === 400 && /scroll/i.test(e.vendorMessage);

async function pullKind(px: PxConnector, ctx: PullContext, checkpoint: Checkpoint, kind: "accounts" | "users") {
  if (checkpoint[kind]?.done) return;
  const stats = statsFor(ctx.stats, kind);
  let scrollId = checkpoint[kind]?.position ?? null;
  for (;;) {
    let page;
    try {
      page = await px.scrollPage(kind, scrollId, PAGE_SIZE);
    } catch (error) {
      if (scrollId === null || !expiredScroll(error)) throw error;
      logger.info({ integration: ctx.integrationId, kind }, "PX scroll expired; reading this object again from the start");
      scrollId = null;
      continue;
    }
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
  await pullKind(px, ctx, checkpoint, "accounts");
  await pullKind(px, ctx, checkpoint, "users");
  await db.$transaction((tx) => markUnseenRemoved(tx, ctx.integrationId, ctx.runId, { accounts: statsFor(ctx.stats, "accounts"), users: statsFor(ctx.stats, "users") }, new Date()));
  return "full";
}
