import type { PxConnector } from "@/lib/connectors/px/client";
import { obj, scalarFields, text, time, type AnalyticsAccountRow, type AnalyticsSource, type AnalyticsUserRow } from "@/lib/connectors/records";

type Px = Record<string, unknown>;

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

// A PX scroll is a cursor on PX's side that moves as each page is fetched, so a page fetched but
// never committed (a killed worker) cannot be asked for again: a resumed pull restarts the object.
async function* scroll<R>(px: PxConnector, kind: "accounts" | "users", pageSize: number, toRow: (r: Px) => R): AsyncGenerator<R[]> {
  let scrollId: string | null = null;
  for (;;) {
    const page = await px.scrollPage(kind, scrollId, pageSize);
    if (page.records.length) yield page.records.map(toRow);
    scrollId = page.scrollId;
    if (page.records.length === 0 || scrollId === null) return;
  }
}

/** Gainsight PX accounts and users as the pull reads them (scroll pages of at most 1,000). */
export function pxSource(px: PxConnector): AnalyticsSource {
  return {
    system: "px",
    label: "Gainsight PX",
    userNoun: "user",
    pageSize: { default: 1000, max: 1000 },
    accountFields: () => px.attributes("account"),
    userFields: () => px.attributes("user"),
    accountPages: (pageSize = 1000) => scroll(px, "accounts", pageSize, pxAccountRow),
    userPages: (pageSize = 1000) => scroll(px, "users", pageSize, pxUserRow),
    apiCalls: () => px.apiCalls(),
  };
}
