import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parse as parseCsv } from "csv-parse/sync";
import { MAX_CUSTOM_MATCH_FIELDS, salesforceFamily, type SalesforceFieldInfo } from "@/lib/matching/custom-fields";

// The read floor of bench/pull.ts: the records a pull reads, read from the same emulators by the
// plainest client there is (global fetch, JSON.parse, no database, nothing kept but counts, one
// sample record per object for the COPY rows' shape), at the page sizes and along the paths the
// product takes. What the product spends above this (plus the COPY of the same rows) is its own.
//
// What mirrors the product, and where it is read from (keep in step when those change):
// - Salesforce (lib/sync/pull/salesforce-pull.ts and salesforce-source.ts,
//   lib/connectors/salesforce/changes.ts and connection.ts, lib/integrations/pull-settings.ts):
//   Account then Contact; fields = Id, SystemModstamp, the role fields (Name, Website / Email,
//   Phone, AccountId), OwnerId and Name where the object has them, and the first
//   MAX_CUSTOM_MATCH_FIELDS custom text or whole-number fields of the describe; no WHERE unless a
//   first-pull window is set. A COUNT() first, then above 10,000 records a Bulk API 2.0 query job
//   (polled at once and then every 500 ms, as jsforce does for the product; result pages as the
//   emulator sizes them when no maxRecords is asked; CSV parsed), otherwise REST query pages of
//   2,000 chained by nextRecordsUrl. (The product pages its REST reads by keyset, one
//   ORDER BY … LIMIT 2000 query per page; nextRecordsUrl is the cheaper way to the same records,
//   which is what a floor should take.)
// - Pendo (lib/connectors/pendo/records.ts): aggregation pages of 5,000 keyed on accountId /
//   visitorId (filter id > last, sort, limit), accounts then identified visitors.
// - PX (lib/connectors/px/records.ts, client.ts): scroll pages of 1,000, accounts then users,
//   until an empty page or a null scrollId.
// Token, describes and attribute schemas are fetched before the clock starts: they are setup, not
// records.

export interface FloorTargets {
  salesforceUrl: string;
  pendoUrl: string;
  /** Ends in /v1. */
  pxUrl: string;
  /** The Salesforce first-pull window; absent = every record. */
  firstPullMonths?: number;
}

export interface ObjectFloor {
  records: number;
  bytes: number;
  sample: Record<string, unknown> | null;
}

export interface SystemFloor {
  seconds: number;
  apiCalls: number;
  path: string;
  objects: Record<string, ObjectFloor>;
}

const SF = { version: "62.0", clientId: "clearinghouse-demo", clientSecret: "clearinghouse-demo-secret", pageSize: 2000, bulkThreshold: 10_000, bulkPollMs: 500 };
const PENDO = { key: "demo-pendo-key", pageSize: 5000 };
const PX = { key: "demo-px-key", pageSize: 1000 };

class Reader {
  calls = 0;
  bytes = 0;
  async text(url: string, init: RequestInit = {}): Promise<Response & { body_: string }> {
    this.calls++;
    const res = await fetch(url, init);
    const body = await res.text();
    if (!res.ok) throw new Error(`${init.method ?? "GET"} ${url} → ${res.status}: ${body.slice(0, 300)}`);
    this.bytes += body.length;
    return Object.assign(res, { body_: body });
  }
  async json<T>(url: string, init: RequestInit = {}): Promise<T> {
    return JSON.parse((await this.text(url, init)).body_) as T;
  }
}

const since = (months: number) => {
  const d = new Date();
  d.setUTCMonth(d.getUTCMonth() - months);
  return d.toISOString();
};

async function salesforceFloor(t: FloorTargets): Promise<SystemFloor> {
  const token = (await (
    await fetch(`${t.salesforceUrl}/services/oauth2/token`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ grant_type: "client_credentials", client_id: SF.clientId, client_secret: SF.clientSecret }),
    })
  ).json()) as { access_token: string; instance_url?: string };
  const base = `${token.instance_url ?? t.salesforceUrl}/services/data/v${SF.version}`;
  const headers = { authorization: `Bearer ${token.access_token}`, accept: "application/json" };
  const plans = [
    { object: "Account", roles: ["Name", "Website"] },
    { object: "Contact", roles: ["Email", "Phone", "AccountId"] },
  ];
  const soql: Record<string, string> = {};
  for (const p of plans) {
    const describe = (await (await fetch(`${base}/sobjects/${p.object}/describe`, { headers })).json()) as { fields: (SalesforceFieldInfo & { custom?: boolean })[] };
    const names = new Set(describe.fields.map((f) => f.name));
    const custom = describe.fields.filter((f) => f.custom && salesforceFamily(f) !== null).map((f) => f.name).slice(0, MAX_CUSTOM_MATCH_FIELDS);
    const fields = [...new Set(["Id", "SystemModstamp", ...p.roles, ...["OwnerId", "Name"].filter((f) => names.has(f)), ...custom])];
    soql[p.object] = `FROM ${p.object}${t.firstPullMonths ? ` WHERE SystemModstamp >= ${since(t.firstPullMonths)}` : ""}`;
    soql[`${p.object}.select`] = fields.join(", ");
  }

  const r = new Reader();
  const objects: Record<string, ObjectFloor> = {};
  const paths: string[] = [];
  const started = performance.now();
  for (const { object } of plans) {
    const from = soql[object]!;
    const select = `SELECT ${soql[`${object}.select`]} ${from}`;
    const count = (await r.json<{ totalSize: number }>(`${base}/query?q=${encodeURIComponent(`SELECT COUNT() ${from}`)}`, { headers })).totalSize;
    const o: ObjectFloor = { records: 0, bytes: 0, sample: null };
    const bytesBefore = r.bytes;
    if (count > SF.bulkThreshold) {
      paths.push(`${object}: bulk 2.0`);
      const json = { ...headers, "content-type": "application/json" };
      const job = await r.json<{ id: string }>(`${base}/jobs/query`, { method: "POST", headers: json, body: JSON.stringify({ operation: "query", query: select }) });
      for (;;) {
        const state = (await r.json<{ state: string }>(`${base}/jobs/query/${job.id}`, { headers })).state;
        if (state === "JobComplete") break;
        if (state === "Failed" || state === "Aborted") throw new Error(`bulk query job ${job.id}: ${state}`);
        await new Promise((resolve) => setTimeout(resolve, SF.bulkPollMs));
      }
      let locator: string | null = null;
      do {
        const res = await r.text(`${base}/jobs/query/${job.id}/results${locator ? `?locator=${locator}` : ""}`, { headers: { ...headers, accept: "text/csv" } });
        const rows = parseCsv(res.body_, { columns: true }) as Record<string, string>[];
        o.records += rows.length;
        o.sample ??= rows[0] ?? null;
        locator = res.headers.get("sforce-locator");
      } while (locator && locator !== "null");
    } else {
      paths.push(`${object}: REST`);
      let url: string | undefined = `${base}/query?q=${encodeURIComponent(select)}`;
      while (url) {
        const page: { records: Record<string, unknown>[]; nextRecordsUrl?: string } = await r.json(url, { headers: { ...headers, "sforce-query-options": `batchSize=${SF.pageSize}` } });
        o.records += page.records.length;
        o.sample ??= page.records[0] ?? null;
        url = page.nextRecordsUrl ? `${token.instance_url ?? t.salesforceUrl}${page.nextRecordsUrl}` : undefined;
      }
    }
    o.bytes = r.bytes - bytesBefore;
    objects[object === "Account" ? "accounts" : "contacts"] = o;
  }
  return { seconds: (performance.now() - started) / 1000, apiCalls: r.calls, path: paths.join(", "), objects };
}

async function pendoFloor(t: FloorTargets): Promise<SystemFloor> {
  const r = new Reader();
  const headers = { "x-pendo-integration-key": PENDO.key, "content-type": "application/json", accept: "application/json" };
  const kinds = [
    { name: "accounts", source: { accounts: null }, id: "accountId" },
    { name: "users", source: { visitors: { identified: true } }, id: "visitorId" },
  ];
  const objects: Record<string, ObjectFloor> = {};
  const started = performance.now();
  for (const k of kinds) {
    const o: ObjectFloor = { records: 0, bytes: 0, sample: null };
    const bytesBefore = r.bytes;
    let after: string | null = null;
    for (;;) {
      const pipeline: unknown[] = [{ source: k.source }, ...(after === null ? [] : [{ filter: `${k.id} > ${JSON.stringify(after)}` }]), { sort: [k.id] }, { limit: PENDO.pageSize }];
      const { results }: { results: Record<string, unknown>[] } = await r.json<{ results: Record<string, unknown>[] }>(`${t.pendoUrl}/api/v1/aggregation`, {
        method: "POST",
        headers,
        body: JSON.stringify({ response: { mimeType: "application/json" }, request: { pipeline } }),
      });
      o.records += results.length;
      o.sample ??= results[0] ?? null;
      if (results.length < PENDO.pageSize) break;
      after = String(results[results.length - 1]![k.id]);
    }
    o.bytes = r.bytes - bytesBefore;
    objects[k.name] = o;
  }
  return { seconds: (performance.now() - started) / 1000, apiCalls: r.calls, path: "aggregation", objects };
}

async function pxFloor(t: FloorTargets): Promise<SystemFloor> {
  const r = new Reader();
  const headers = { "x-aptrinsic-api-key": PX.key, accept: "application/json" };
  const objects: Record<string, ObjectFloor> = {};
  const started = performance.now();
  for (const kind of ["accounts", "users"] as const) {
    const o: ObjectFloor = { records: 0, bytes: 0, sample: null };
    const bytesBefore = r.bytes;
    let scrollId: string | null = null;
    for (;;) {
      const query: string = scrollId ? `scrollId=${encodeURIComponent(scrollId)}&pageSize=${PX.pageSize}` : `pageSize=${PX.pageSize}`;
      const page = await r.json<Record<string, unknown>>(`${t.pxUrl}/${kind}?${query}`, { headers });
      const records = (page[kind] ?? []) as Record<string, unknown>[];
      o.records += records.length;
      o.sample ??= records[0] ?? null;
      scrollId = (page.scrollId as string | null | undefined) ?? null;
      if (records.length === 0 || scrollId === null) break;
    }
    o.bytes = r.bytes - bytesBefore;
    objects[kind] = o;
  }
  return { seconds: (performance.now() - started) / 1000, apiCalls: r.calls, path: "scroll", objects };
}

/** Reads the three systems one after another, as the pulls do. */
export async function readFloor(t: FloorTargets): Promise<Record<"salesforce" | "pendo" | "px", SystemFloor>> {
  return { salesforce: await salesforceFloor(t), pendo: await pendoFloor(t), px: await pxFloor(t) };
}

// Run as a script by bench/pull.ts: targets from the environment, one JSON line on stdout.
if (process.argv[1] && fileURLToPath(import.meta.url) === resolve(process.argv[1])) {
  const months = process.env.BENCH_FIRST_PULL_MONTHS;
  const result = await readFloor({
    salesforceUrl: process.env.SALESFORCE_EMULATOR_URL!,
    pendoUrl: process.env.PENDO_EMULATOR_URL!,
    pxUrl: process.env.PX_EMULATOR_URL!,
    firstPullMonths: months ? Number(months) : undefined,
  });
  process.stdout.write(`${JSON.stringify(result)}\n`);
}
