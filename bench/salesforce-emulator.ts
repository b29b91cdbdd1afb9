// Throughput of the Salesforce emulator through unmodified jsforce.
//   npx tsx bench/salesforce-emulator.ts [accounts=100000] [bulkRows=100000] [upsertCalls=100]
// Starts the emulator in-process on a random port, loads N accounts through the admin
// fixture API, then prints JSON figures for 200-record collection upserts, a Bulk API 2.0
// ingest, and the SystemModstamp watermark query over the whole table.

import jsforce from "jsforce";
import { startSalesforceEmulator } from "../emulators/salesforce/server";

const accounts = Number(process.argv[2] ?? 100_000);
const bulkRows = Number(process.argv[3] ?? 100_000);
const upsertCalls = Number(process.argv[4] ?? 100);

const EXT_FIELD = "PX_Account_Id__c";

function seconds(start: bigint): number {
  return Number(process.hrtime.bigint() - start) / 1e9;
}

function round(n: number, digits = 0): number {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}

async function main(): Promise<void> {
  const emu = await startSalesforceEmulator({ port: 0, seed: 7, now: "2026-03-01T00:00:00Z", dailyApiRequests: 10_000_000 });
  try {
    const fixture = {
      customFields: {
        Account: [{ name: EXT_FIELD, type: "string", label: "PX Account Id", length: 80, externalId: true, unique: true }],
      },
      objects: {
        Account: Array.from({ length: accounts }, (_, i) => ({
          Name: `Account ${i}`,
          Website: `https://a${i}.example`,
          Industry: i % 2 ? "Technology" : "Retail",
          NumberOfEmployees: i % 5000,
          [EXT_FIELD]: `px-${i}`,
        })),
      },
    };
    let t = process.hrtime.bigint();
    const load = await fetch(`${emu.url}/__emulator/fixture`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(fixture),
    });
    if (load.status !== 200) throw new Error(`fixture load failed: ${load.status} ${await load.text()}`);
    const loadSeconds = seconds(t);

    const token = (await (
      await fetch(`${emu.url}/services/oauth2/token`, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: "grant_type=client_credentials&client_id=clearinghouse-demo&client_secret=clearinghouse-demo-secret",
      })
    ).json()) as { access_token: string; instance_url: string };
    const conn = new jsforce.Connection({ instanceUrl: token.instance_url, accessToken: token.access_token, version: "62.0" });

    // 200-record collection upserts: half update existing accounts, half create new ones.
    t = process.hrtime.bigint();
    let upserted = 0;
    let created = 0;
    for (let call = 0; call < upsertCalls; call++) {
      const records = Array.from({ length: 200 }, (_, i) => {
        const n = i % 2 === 0 ? (call * 100 + i / 2) % accounts : accounts + call * 100 + (i - 1) / 2;
        return { [EXT_FIELD]: `px-${n}`, Name: `Upserted ${n}`, NumberOfEmployees: call };
      });
      const results = (await conn.sobject("Account").upsert(records, EXT_FIELD)) as Array<{ success: boolean; created: boolean }>;
      for (const r of results) {
        if (!r.success) throw new Error("upsert failed");
        if (r.created) created++;
      }
      upserted += results.length;
    }
    const upsertSeconds = seconds(t);

    // Bulk API 2.0 ingest (upsert on the external ID) of bulkRows rows.
    const input = Array.from({ length: bulkRows }, (_, i) => ({
      [EXT_FIELD]: `bulk-${i}`,
      Name: `Bulk ${i}`,
      Website: `https://b${i}.example`,
      NumberOfEmployees: i % 1000,
    }));
    t = process.hrtime.bigint();
    const bulk = await conn.bulk2.loadAndWaitForResults({
      object: "Account",
      operation: "upsert",
      externalIdFieldName: EXT_FIELD,
      input,
      pollInterval: 100,
      pollTimeout: 600_000,
    });
    const bulkSeconds = seconds(t);
    if (bulk.failedResults.length > 0) throw new Error(`bulk rows failed: ${JSON.stringify(bulk.failedResults[0])}`);

    // Watermark sync over the whole table, 2000 rows per query.
    t = process.hrtime.bigint();
    let watermark: { stamp: string; id: string } | undefined;
    let synced = 0;
    let queries = 0;
    for (; queries < 1000; queries++) {
      const where = watermark
        ? `WHERE SystemModstamp > ${watermark.stamp} OR (SystemModstamp = ${watermark.stamp} AND Id > '${watermark.id}') `
        : "";
      const page = await conn.query<{ Id: string; SystemModstamp: string }>(
        `SELECT Id, SystemModstamp FROM Account ${where}ORDER BY SystemModstamp, Id LIMIT 2000`,
      );
      if (page.records.length === 0) break;
      synced += page.records.length;
      const last = page.records[page.records.length - 1]!;
      watermark = { stamp: last.SystemModstamp, id: last.Id };
    }
    const syncSeconds = seconds(t);

    // Bulk API 2.0 query of every account.
    t = process.hrtime.bigint();
    const stream = await conn.bulk2.query("SELECT Id, Name, PX_Account_Id__c FROM Account", { pollInterval: 100, pollTimeout: 600_000 });
    let queried = 0;
    // jsforce 3.10.16 feeds every result page into one CSV parser, so each later page's header
    // line arrives as a record; count those separately (see emulators/salesforce/README.md).
    let repeatedHeaders = 0;
    await new Promise<void>((resolve, reject) => {
      stream.on("record", (r: Record<string, string>) => (r.Id === "Id" ? repeatedHeaders++ : queried++));
      stream.on("end", () => resolve());
      stream.on("error", reject);
    });
    const bulkQuerySeconds = seconds(t);

    console.log(
      JSON.stringify(
        {
          node: process.version,
          accountsLoaded: accounts,
          fixtureLoad: { seconds: round(loadSeconds, 2), recordsPerSecond: round(accounts / loadSeconds) },
          collectionUpsert: {
            calls: upsertCalls,
            records: upserted,
            created,
            seconds: round(upsertSeconds, 2),
            recordsPerSecond: round(upserted / upsertSeconds),
            msPerCall: round((upsertSeconds * 1000) / upsertCalls, 1),
          },
          bulkIngestUpsert: {
            rows: bulkRows,
            seconds: round(bulkSeconds, 2),
            recordsPerSecond: round(bulkRows / bulkSeconds),
            successful: bulk.successfulResults.length,
          },
          watermarkSync: { rows: synced, queries, seconds: round(syncSeconds, 2), rowsPerSecond: round(synced / syncSeconds) },
          bulkQuery: { rows: queried, repeatedHeaders, seconds: round(bulkQuerySeconds, 2), rowsPerSecond: round(queried / bulkQuerySeconds) },
          rssMB: round(process.memoryUsage().rss / 1024 / 1024),
        },
        null,
        2,
      ),
    );
  } finally {
    await emu.close();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
