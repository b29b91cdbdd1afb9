import type { AnalyticsSystem } from "@/lib/mapping/types";

// An analytics record as the mappings read it: the tool's own field names. The hub keeps a few
// attributes as columns (id, last seen…); they are put back under the tool's names here.

interface AccountRow {
  externalId: string;
  name: string | null;
  website: string | null;
  salesforceIdRaw: string | null;
  custom: unknown;
  lastSeenAt: Date | null;
}

interface UserRow {
  externalId: string;
  accountExternalId: string | null;
  email: string | null;
  phone: string | null;
  salesforceContactIdRaw: string | null;
  custom: unknown;
  lastSeenAt: Date | null;
}

const custom = (v: unknown): Record<string, unknown> => (v && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : {});

export function accountSourceRecord(system: AnalyticsSystem, row: AccountRow): Record<string, unknown> {
  if (system === "pendo") return { ...custom(row.custom), "auto.id": row.externalId };
  return { ...custom(row.custom), id: row.externalId, name: row.name, website: row.website, sfdcId: row.salesforceIdRaw, lastSeenDate: row.lastSeenAt?.toISOString() ?? null };
}

export function userSourceRecord(system: AnalyticsSystem, row: UserRow): Record<string, unknown> {
  if (system === "pendo") return { ...custom(row.custom), "auto.id": row.externalId };
  return {
    ...custom(row.custom),
    identifyId: row.externalId,
    accountId: row.accountExternalId,
    email: row.email,
    phone: row.phone,
    sfdcContactId: row.salesforceContactIdRaw,
    lastSeenDate: row.lastSeenAt?.toISOString() ?? null,
  };
}
