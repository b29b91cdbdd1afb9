import { z } from "zod";
import { recordsWritten } from "./baseline-records";

// The one-call-per-record baseline of bench/sync.ts, in its own process like the product's side:
// what a per-record automation tool does for each record the sync wrote: read the Salesforce
// record (`GET /sobjects/{Object}/{Id}?fields=…`, the lookup such a flow starts with), then write
// it (`PATCH /sobjects/{Object}/{Id}` with exactly the fields and values the sync sent it).
// `BENCH_BASELINE_CONCURRENCY` records are in flight at once. The records are read from the
// database before the clock starts; the token too (OAuth spends no API request).
// One JSON line on stdout.

const env = z
  .object({
    DATABASE_URL: z.string(),
    SALESFORCE_EMULATOR_URL: z.string(),
    BENCH_RUN_IDS: z.string().transform((s) => z.array(z.string()).parse(JSON.parse(s))),
    BENCH_SF_OBJECTS: z.string().transform((s) => z.record(z.string(), z.string()).parse(JSON.parse(s))),
    BENCH_BASELINE_CONCURRENCY: z.coerce.number().int().positive(),
  })
  .parse(process.env);

export interface BaselineFigures {
  records: number;
  reads: number;
  writes: number;
  /** Calls Salesforce did not answer with 2xx, by status. */
  failures: Record<string, number>;
  wallMs: number;
}

const records = (await recordsWritten(env.DATABASE_URL, env.BENCH_RUN_IDS, env.BENCH_SF_OBJECTS)).flatMap((g) => g.records);
const token = z.object({ access_token: z.string(), instance_url: z.string().optional() }).parse(
  await (
    await fetch(`${env.SALESFORCE_EMULATOR_URL}/services/oauth2/token`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ grant_type: "client_credentials", client_id: "clearinghouse-demo", client_secret: "clearinghouse-demo-secret" }),
    })
  ).json(),
);
const base = `${token.instance_url ?? env.SALESFORCE_EMULATOR_URL}/services/data/v62.0/sobjects`;
const headers = { authorization: `Bearer ${token.access_token}`, accept: "application/json", "content-type": "application/json" };

const figures: BaselineFigures = { records: records.length, reads: 0, writes: 0, failures: {}, wallMs: 0 };
async function call(url: string, init: RequestInit): Promise<void> {
  const res = await fetch(url, { ...init, headers });
  await res.arrayBuffer();
  if (!res.ok) figures.failures[res.status] = (figures.failures[res.status] ?? 0) + 1;
}

let next = 0;
async function lane(): Promise<void> {
  while (next < records.length) {
    const r = records[next++]!;
    const url = `${base}/${r.object}/${r.id}`;
    await call(`${url}?fields=${Object.keys(r.body).join(",")}`, { method: "GET" });
    figures.reads++;
    await call(url, { method: "PATCH", body: JSON.stringify(r.body) });
    figures.writes++;
  }
}

const started = performance.now();
await Promise.all(Array.from({ length: env.BENCH_BASELINE_CONCURRENCY }, lane));
figures.wallMs = performance.now() - started;
process.stdout.write(`${JSON.stringify(figures)}\n`);
