import type { AnalyticsWriter, WriteBackRow } from "@/lib/connectors/analytics-writer";
import type { PxConnector } from "@/lib/connectors/px/client";
import { updateAccounts, updateUsers, type PxWriteOptions } from "@/lib/connectors/px/writes";

// PX's attribute model lists standard and custom attributes side by side by apiName, but a PUT
// takes the standard ones as fields of the record and the rest under `customAttributes` (spec B2,
// B6); an unknown key there is refused with "not defined", which names the attribute to create.
const STANDARD_FIELDS = {
  account: new Set(["name", "trackedSubscriptionId", "sfdcId", "dunsNumber", "industry", "numberOfEmployees", "sicCode", "website", "naicsCode", "plan", "parentGroupId"]),
  user: new Set(["email", "firstName", "lastName", "title", "phone", "role", "gender", "type", "score", "subscriptionId", "accountId", "sfdcContactId", "globalUnsubscribe"]),
};

/** Records per commit of the push: a killed run re-sends at most this many PUTs (12 in flight at a time). */
const PX_CHUNK = 240;

function split(kind: keyof typeof STANDARD_FIELDS, row: WriteBackRow) {
  const fields: Record<string, unknown> = {};
  const customAttributes: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(row.values)) (STANDARD_FIELDS[kind].has(name) ? fields : customAttributes)[name] = value;
  return { fields, customAttributes };
}

/** PX's write-back: one merge PUT per account or user, a few at a time. */
export function pxWriter(px: PxConnector, options: PxWriteOptions = {}): AnalyticsWriter {
  return {
    system: "px",
    chunkSize: PX_CHUNK,
    writeAccounts: (rows) => updateAccounts(px, rows.map((r) => ({ id: r.id, ...split("account", r) })), options),
    writeUsers: (rows) => updateUsers(px, rows.map((r) => ({ identifyId: r.id, ...split("user", r) })), options),
    apiCalls: () => px.apiCalls(),
    failedCalls: () => px.failedCalls.drain(),
  };
}
