import type { PendoConnector } from "@/lib/connectors/pendo/client";
import { AppError } from "@/lib/errors";
import { obj, scalarFields, text, time, type AnalyticsAccountRow, type AnalyticsSource, type AnalyticsUserRow } from "@/lib/connectors/records";

type Row = Record<string, unknown>;

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

// Keyset pages on the record id through the aggregation API (filter id > last, sort, limit): Pendo
// has no cursor of its own, and offsets would shift under concurrent inserts.
async function* keysetPages<R>(pendo: PendoConnector, kind: "accounts" | "users", pageSize: number, toRow: (r: Row) => R): AsyncGenerator<R[]> {
  const { source, idField } = SOURCES[kind];
  let after: string | null = null;
  for (;;) {
    const pipeline = [{ source }, ...(after === null ? [] : [{ filter: `${idField} > ${JSON.stringify(after)}` }]), { sort: [idField] }, { limit: pageSize }];
    const rows = await pendo.aggregate(pipeline);
    if (rows.length === 0) return;
    const last = String(rows[rows.length - 1]![idField]);
    if (after !== null && last <= after) {
      throw new AppError("UNAVAILABLE", `Pendo returned ${kind} out of order after ${after}; the pull stopped so nothing is skipped. Pull again; if it repeats, report it.`);
    }
    yield rows.map(toRow);
    if (rows.length < pageSize) return;
    after = last;
  }
}

/** Pendo accounts and identified visitors as the pull reads them (aggregation pages, 5,000 by default). */
export function pendoSource(pendo: PendoConnector): AnalyticsSource {
  return {
    system: "pendo",
    label: "Pendo",
    userNoun: "visitor",
    pageSize: { default: 5000, max: 10_000 },
    accountFields: () => pendo.metadataFields("account"),
    userFields: () => pendo.metadataFields("visitor"),
    accountPages: (pageSize = 5000) => keysetPages(pendo, "accounts", pageSize, pendoAccountRow),
    userPages: (pageSize = 5000) => keysetPages(pendo, "users", pageSize, pendoVisitorRow),
    apiCalls: () => pendo.apiCalls(),
  };
}
