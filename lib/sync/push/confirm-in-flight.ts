import type { SalesforceConnector } from "@/lib/connectors/salesforce/connection";
import { apiName } from "@/lib/connectors/salesforce/write-results";

// A worker killed while a write call was in flight cannot know whether Salesforce applied it. Its
// successor reads those records back: a record that already holds every value the write carried
// is recorded as written, never sent again; the others are written as usual.

const IDS_PER_QUERY = 200;

function recordId(id: string): string {
  if (!/^[A-Za-z0-9]{15,18}$/.test(id)) throw new Error(`Not a Salesforce record id: ${JSON.stringify(id)}`);
  return id;
}

/** Salesforce answers dates as "2026-11-19T12:00:00.000+0000"; the push sends ISO strings. */
function sameValue(sent: unknown, held: unknown): boolean {
  if (sent === held) return true;
  if (sent === null || held === null || sent === undefined || held === undefined) return (sent ?? null) === (held ?? null);
  if (typeof sent === "number" || typeof held === "number") return Number(sent) === Number(held);
  if (typeof sent === "string" && typeof held === "string" && /^\d{4}-\d{2}-\d{2}/.test(sent) && /^\d{4}-\d{2}-\d{2}/.test(held)) {
    const a = Date.parse(sent.length === 10 ? `${sent}T00:00:00Z` : sent);
    const b = Date.parse(held.length === 10 ? `${held}T00:00:00Z` : held.replace(/([+-]\d{2})(\d{2})$/, "$1:$2"));
    return !Number.isNaN(a) && a === b;
  }
  return JSON.stringify(sent) === JSON.stringify(held);
}

/** The ids among `records` whose Salesforce values already equal what the in-flight write carried. */
export async function confirmInFlight(sf: SalesforceConnector, object: string, records: readonly { sfId: string; fields: Record<string, unknown> }[]): Promise<Set<string>> {
  const confirmed = new Set<string>();
  const type = apiName(object);
  for (let i = 0; i < records.length; i += IDS_PER_QUERY) {
    const batch = records.slice(i, i + IDS_PER_QUERY);
    const fields = [...new Set(batch.flatMap((r) => Object.keys(r.fields)))].map(apiName);
    const ids = batch.map((r) => `'${recordId(r.sfId)}'`).join(",");
    const rows = await sf.query<Record<string, unknown>>(`SELECT Id, ${fields.join(", ")} FROM ${type} WHERE Id IN (${ids})`);
    const byId = new Map(rows.map((row) => [String(row.Id), row]));
    for (const r of batch) {
      const held = byId.get(r.sfId);
      if (held && Object.entries(r.fields).every(([k, v]) => sameValue(v, held[k]))) confirmed.add(r.sfId);
    }
  }
  return confirmed;
}
