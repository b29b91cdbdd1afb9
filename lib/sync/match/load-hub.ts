import { db } from "@/lib/db";
import type { SalesforceAccount, AnalyticsAccount } from "@/lib/matching/match-accounts";
import type { SalesforceContact, AnalyticsUser } from "@/lib/matching/match-contacts";
import { RECENT_USERS } from "@/lib/matching/match-accounts";
import type { Overrides } from "@/lib/matching/engine";
import type { MatchEntity } from "@/lib/generated/prisma/client";

// Reads the hub tables into the plain records the pure engine takes. Only ACTIVE Salesforce
// records are candidates: a deleted or merged account must never receive a new link.

const asRecord = (v: unknown): Record<string, unknown> => (v && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : {});

// A record's custom values (up to 100 fields each) are read only when a custom field criterion
// is enabled: at 90,000 users they are most of the bytes, and most setups match without them.

export async function loadSalesforceAccounts(salesforceIntegrationId: string, withCustom = true): Promise<SalesforceAccount[]> {
  const rows = await db.sfAccount.findMany({
    where: { integrationId: salesforceIntegrationId, state: "ACTIVE" },
    select: { id: true, name: true, website: true, fields: withCustom },
  });
  return rows.map((r) => ({ id: r.id, name: r.name, website: r.website, custom: asRecord(r.fields) }));
}

export async function loadSalesforceContacts(salesforceIntegrationId: string, withCustom = true): Promise<SalesforceContact[]> {
  const rows = await db.sfContact.findMany({
    where: { integrationId: salesforceIntegrationId, state: "ACTIVE" },
    select: { id: true, accountId: true, email: true, phone: true, fields: withCustom },
  });
  return rows.map((r) => ({ id: r.id, accountId: r.accountId, email: r.email, phone: r.phone, custom: asRecord(r.fields) }));
}

/** Analytics accounts still present in the tool, each with its most recently seen users' emails. */
export async function loadAnalyticsAccounts(integrationId: string, withCustom = true): Promise<AnalyticsAccount[]> {
  const [accounts, users] = await Promise.all([
    db.analyticsAccount.findMany({
      where: { integrationId, removedAt: null },
      select: { externalId: true, name: true, website: true, salesforceIdRaw: true, custom: withCustom },
    }),
    db.analyticsUser.findMany({
      where: { integrationId, removedAt: null, accountExternalId: { not: null }, email: { not: null } },
      select: { accountExternalId: true, email: true, lastSeenAt: true },
      orderBy: [{ accountExternalId: "asc" }, { lastSeenAt: { sort: "desc", nulls: "last" } }],
    }),
  ]);
  const recent = new Map<string, string[]>();
  for (const u of users) {
    const list = recent.get(u.accountExternalId!) ?? [];
    if (list.length < RECENT_USERS) list.push(u.email!);
    recent.set(u.accountExternalId!, list);
  }
  return accounts.map((a) => ({
    id: a.externalId,
    name: a.name,
    website: a.website,
    salesforceId: a.salesforceIdRaw,
    custom: asRecord(a.custom),
    recentUserEmails: recent.get(a.externalId) ?? [],
  }));
}

export async function loadAnalyticsUsers(integrationId: string, withCustom = true): Promise<AnalyticsUser[]> {
  const rows = await db.analyticsUser.findMany({
    where: { integrationId, removedAt: null },
    select: { externalId: true, accountExternalId: true, email: true, phone: true, salesforceContactIdRaw: true, custom: withCustom },
  });
  return rows.map((r) => ({
    id: r.externalId,
    accountId: r.accountExternalId,
    email: r.email,
    phone: r.phone,
    salesforceContactId: r.salesforceContactIdRaw,
    custom: asRecord(r.custom),
  }));
}

export async function loadOverrides(integrationId: string, entity: MatchEntity): Promise<Overrides> {
  const rows = await db.matchOverride.findMany({ where: { integrationId, entity } });
  const pins = new Map<string, string>();
  const excluded = new Set<string>();
  for (const r of rows) {
    if (r.action === "EXCLUDE") excluded.add(r.analyticsId);
    else if (r.salesforceId) pins.set(r.analyticsId, r.salesforceId);
  }
  return { pins, excluded };
}
