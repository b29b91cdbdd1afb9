import { cpus, loadavg } from "node:os";
import { mkdirSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { freshDatabase, log, numericFlags, round, runChild, serverUrl } from "./harness";

// What the Accounts list costs at 10,000 and 100,000 accounts (issue 13):
//   npm run -s bench -- accounts [--accounts N] [--runs 20] [--reuse 1]
// Without --accounts: 10,000, then 100,000. Per size, a scratch database of its own
// (clearinghouse_bench_accounts_<N>, migrated afresh as bench/harness.ts does) is seeded directly
// with SQL (generate_series, no emulator): Salesforce accounts with the fields the list reads, 200
// CSMs, 90 days of HealthScore per account as daily scoring writes them (one day after another,
// each row carrying a real storedDetail() of the default model, ~1.3 kB, so the table is as wide
// as the product's), the newest 7 days of KPI snapshots, account links, and overrides. A child
// process (this file with BENCH_ACCOUNTS_MEASURE set) then times listAccounts() as the page calls
// it, 20 runs per sort/filter after one warm-up, against one plain pass over the accounts (the
// yardstick on a shared machine), and EXPLAIN ANALYZEs the slowest case's ordering statement. It runs twice: on the schema as migrated, then with the index the health
// slice wants (PROPOSED_INDEX), which is dropped again afterwards. --reuse 1 keeps a database
// already seeded with the same size and seed version instead of seeding again (minutes at 100k).
// Progress and a table go to stderr, one JSON document to stdout; the plans also go to
// bench/results/accounts-plans-<N>.txt.

const SEED_VERSION = "accounts-bench seed 1";
/** The index the "newest day" slice of list-order.ts reads index-only; Prisma: @@index([day, accountId, score, colour]). */
export const PROPOSED_INDEX = `CREATE INDEX "HealthScore_day_accountId_score_colour_idx" ON "HealthScore"("day", "accountId", "score", "colour")`;
const PROPOSED_INDEX_NAME = "HealthScore_day_accountId_score_colour_idx";
const HISTORY_DAYS = 90;
const KPI_DAYS = 7;
const CSMS = 200;
const VIEWER_EMAIL = "csm7@bench.example";

interface Case {
  name: string;
  params: Record<string, string>;
}

/** The sorts and filters a CSM uses most; the last page of the default sort shows what offset costs. */
function cases(accounts: number): Case[] {
  const lastPage = String(Math.ceil(accounts / 50));
  return [
    { name: "score (default)", params: {} },
    { name: "name", params: { sort: "name" } },
    { name: "ARR", params: { sort: "arr" } },
    { name: "renewal date", params: { sort: "renewal" } },
    { name: "trend 7 days", params: { sort: "trend7" } },
    { name: "trend 30 days", params: { sort: "trend30" } },
    { name: "at risk (red)", params: { colour: "red" } },
    { name: "segment", params: { segment: "Enterprise" } },
    { name: "CSM", params: { csm: csmId(3) } },
    { name: "my accounts (email)", params: { csm: "me" } },
    { name: "renewing in 90 days", params: { renewingIn: "90", sort: "renewal" } },
    { name: "red + segment, by ARR", params: { colour: "red", segment: "Enterprise", sort: "arr" } },
    { name: "search name", params: { q: "ram" } },
    { name: "search id prefix", params: { q: "00100000000001" } },
    { name: `last page (${lastPage})`, params: { page: lastPage } },
  ];
}

const csmId = (n: number) => `005${String(n).padStart(15, "0")}`;

// ------------------------------------------------------------------ measuring (the child)

export interface CaseFigures {
  name: string;
  params: Record<string, string>;
  total: number;
  p50: number;
  p95: number;
  min: number;
  max: number;
}

interface ChildOutput {
  label: string;
  /** p50 of one plain pass over SfAccount reading a field (count of a CSM no account has). */
  scanMs: number;
  cases: CaseFigures[];
  exportMs: number;
  exportRows: number;
  slowest: { name: string; plan: string };
  settings: Record<string, string>;
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;

async function measure(): Promise<void> {
  const runs = Number(process.env.BENCH_ACCOUNTS_RUNS ?? 20);
  const accounts = Number(process.env.BENCH_ACCOUNTS_SIZE);
  const { db } = await import("@/lib/db");
  const { Prisma } = await import("@/lib/generated/prisma/client");
  const { accountFilterSchema } = await import("@/lib/accounts/list-filter");
  const { listAccounts, allAccounts } = await import("@/lib/accounts/list-accounts");
  const { accountOrderSql, readsHealth } = await import("@/lib/accounts/list-order");
  const { accountsWhere } = await import("@/lib/accounts/list-where");
  const { utcDay } = await import("@/lib/usage/days");
  const viewer = { email: VIEWER_EMAIL };
  // The yardstick on a shared machine: one plain pass over the accounts reading a field, as every
  // list statement must make at least once. Timed before and after the cases; the faster counts.
  const scan = async () => {
    const times: number[] = [];
    for (let i = 0; i < runs; i++) {
      const t = performance.now();
      await db.$queryRaw`SELECT count(*) FROM "SfAccount" a WHERE a."fields"->>'CSM__c' = 'nobody'`;
      times.push(performance.now() - t);
    }
    return percentile(times.sort((a, b) => a - b), 50);
  };
  const scanBefore = await scan();
  const figures: CaseFigures[] = [];
  for (const c of cases(accounts)) {
    const filter = accountFilterSchema.parse(c.params);
    const first = await listAccounts(filter, viewer); // warm-up, not counted
    const times: number[] = [];
    for (let i = 0; i < runs; i++) {
      const t = performance.now();
      await listAccounts(filter, viewer);
      times.push(performance.now() - t);
    }
    times.sort((a, b) => a - b);
    const f = { name: c.name, params: c.params, total: first.total, p50: round(percentile(times, 50)), p95: round(percentile(times, 95)), min: round(times[0]!), max: round(times.at(-1)!) };
    figures.push(f);
    log(`  ${process.env.BENCH_ACCOUNTS_LABEL}: ${c.name}: p50 ${f.p50} ms, p95 ${f.p95} ms (${f.total} accounts)`);
  }
  const scanMs = round(Math.min(scanBefore, await scan()), 1);
  const slowest = [...figures].sort((a, b) => b.p50 - a.p50)[0]!;
  const filter = accountFilterSchema.parse(slowest.params);
  const now = new Date();
  const myUserIds = filter.csm === "me" ? (await db.sfUser.findMany({ where: { email: { equals: VIEWER_EMAIL, mode: "insensitive" } }, select: { id: true } })).map((u) => u.id) : [];
  const where = accountsWhere(filter, { today: utcDay(now), myUserIds });
  const order = accountOrderSql(filter, where, now, { limit: filter.pageSize, offset: (filter.page - 1) * filter.pageSize });
  // As orderedAccounts() runs it: a health statement with JIT off.
  const explain = db.$queryRaw<{ "QUERY PLAN": string }[]>(Prisma.sql`EXPLAIN (ANALYZE, BUFFERS) ${order}`);
  const planRows = readsHealth(filter) ? (await db.$transaction([db.$executeRaw`SET LOCAL jit = off`, explain], { timeout: 120_000 }))[1] : await explain;
  const plan = planRows.map((r) => r["QUERY PLAN"]).join("\n");

  // The CSV export of the default view: every account, in the list's order.
  let exportRows = 0;
  const t = performance.now();
  for await (const _ of allAccounts(accountFilterSchema.parse({}), viewer)) exportRows++;
  const exportMs = round(performance.now() - t);

  const settings = Object.fromEntries(
    (await db.$queryRaw<{ name: string; setting: string }[]>`SELECT name, setting FROM pg_settings WHERE name IN ('work_mem', 'shared_buffers', 'jit', 'effective_cache_size', 'max_parallel_workers_per_gather')`).map((s) => [s.name, s.setting]),
  );
  await db.$disconnect();
  const out: ChildOutput = { label: process.env.BENCH_ACCOUNTS_LABEL ?? "", scanMs, cases: figures, exportMs, exportRows, slowest: { name: slowest.name, plan }, settings };
  console.log(JSON.stringify(out));
}

// ------------------------------------------------------------------ seeding (the parent)

/** A storedDetail() of the default model: the width of a real HealthScore.measures. */
async function realisticDetail(): Promise<string> {
  const { DEFAULT_HEALTH_MODEL } = await import("@/lib/health/default-model");
  const { scoreAccount } = await import("@/lib/health/score-account");
  const { storedDetail } = await import("@/lib/health/score-health");
  const values = Object.fromEntries(DEFAULT_HEALTH_MODEL.measures.map((m) => [m.key, 42]));
  const score = scoreAccount({ model: DEFAULT_HEALTH_MODEL, modelVersion: 1, values, segment: "Enterprise" });
  return JSON.stringify(storedDetail(score, "pendo", "2026-01-01"));
}

async function kpiTemplate(): Promise<string> {
  const { ACCOUNT_KPIS } = await import("@/lib/kpis/catalogue");
  return JSON.stringify(Object.fromEntries(ACCOUNT_KPIS.map((k, i) => [k.key, k.type === "DATE_TIME" ? "2026-01-01" : i])));
}

const databaseOf = (accounts: number) => `clearinghouse_bench_accounts_${accounts}`;

async function alreadySeeded(database: string, accounts: number): Promise<boolean> {
  const admin = new pg.Client({ connectionString: serverUrl("postgres") });
  await admin.connect();
  const { rows } = await admin.query<{ comment: string | null }>(`SELECT shobj_description(oid, 'pg_database') AS comment FROM pg_database WHERE datname = $1`, [database]);
  await admin.end();
  return rows[0]?.comment === `${SEED_VERSION}, ${accounts} accounts`;
}

async function seed(database: string, accounts: number): Promise<Record<string, number | string>> {
  const detail = await realisticDetail();
  const kpis = await kpiTemplate();
  const client = new pg.Client({ connectionString: serverUrl(database) });
  await client.connect();
  const step = async (what: string, sql: string, params: unknown[] = []) => {
    const t = performance.now();
    const r = await client.query(sql, params);
    log(`  ${what}: ${r.rowCount ?? 0} rows in ${round((performance.now() - t) / 1000)} s`);
  };
  await step(
    "integrations",
    `INSERT INTO "Integration" ("id", "system", "status", "environment", "baseUrl", "secrets", "updatedAt") VALUES
       ('sf', 'SALESFORCE', 'CONNECTED', 'production', 'https://login.example', 'x', now()),
       ('pendo', 'PENDO', 'CONNECTED', 'us', 'https://pendo.example', 'x', now()),
       ('px', 'PX', 'CONNECTED', 'us', 'https://px.example', 'x', now())`,
  );
  await step(
    "Salesforce users (CSMs)",
    `INSERT INTO "SfUser" ("integrationId", "id", "name", "email", "isActive", "systemModstamp", "pulledAt")
     SELECT 'sf', '005' || lpad(u::text, 15, '0'), 'CSM ' || u, 'csm' || u || '@bench.example', true, now(), now() FROM generate_series(0, ${CSMS - 1}) u`,
  );
  // Every 100th account deleted and every 50th merged in Salesforce; some fields missing, as orgs have them.
  await step(
    "Salesforce accounts",
    `INSERT INTO "SfAccount" ("integrationId", "id", "objectName", "name", "website", "ownerId", "fields", "systemModstamp", "state", "contentHash", "pulledAt")
     SELECT 'sf', '001' || lpad(i::text, 15, '0'), 'Account', initcap(w) || ' ' || (ARRAY['Corp','Ltd','Inc','GmbH','Group','Labs'])[1 + i % 6], w || '.example',
            '005' || lpad((i % ${CSMS})::text, 15, '0'),
            jsonb_build_object(
              'ARR__c', CASE WHEN i % 50 = 3 THEN NULL ELSE 5000 + abs(hashint4(i)) % 2000000 END,
              'ARR_Tier__c', (ARRAY['Enterprise','Mid-Market','SMB'])[1 + abs(hashint4(i + 1)) % 3],
              'Renewal_Date__c', CASE WHEN i % 40 = 5 THEN NULL ELSE to_char(current_date + (abs(hashint4(i + 2)) % 730 - 180), 'YYYY-MM-DD') END,
              'CSM__c', CASE WHEN i % 30 = 4 THEN NULL ELSE '005' || lpad((abs(hashint4(i + 3)) % ${CSMS})::text, 15, '0') END,
              'Licensed_Seats__c', 10 + abs(hashint4(i + 4)) % 490,
              'Customer_Status__c', 'Customer', 'Public_Sector__c', i % 10 = 0, 'Churn_Date__c', NULL,
              'Industry', (ARRAY['Software','Retail','Finance','Health'])[1 + i % 4],
              'BillingCountry', (ARRAY['United States','Germany','United Kingdom','France','Japan'])[1 + i % 5]),
            now(), (CASE WHEN i % 100 = 0 THEN 'TO_DELETE' WHEN i % 50 = 1 THEN 'TO_MERGE' ELSE 'ACTIVE' END)::"HubRecordState", md5(i::text), now()
       FROM generate_series(1, $1::int) i, LATERAL (SELECT translate(substr(md5(i::text), 1, 4 + i % 7), '0123456789', 'aeioulmnrs') AS w) x`,
    [accounts],
  );
  // Scoring writes all active accounts day after day, so the table is ordered by day: seeded the
  // same way, one day per statement, indexes built afterwards (the same indexes, built faster).
  await client.query(`ALTER TABLE "HealthScore" DROP CONSTRAINT "HealthScore_pkey"`);
  await client.query(`DROP INDEX "HealthScore_day_score_idx"`);
  const t = performance.now();
  for (let k = HISTORY_DAYS - 1; k >= 0; k--) {
    // Pendo tracks 6 accounts in 10, PX 3, neither the last; 1 in 20 accounts is 10 days old;
    // retired accounts stopped being scored 20 days ago; 1 in 97 has no score (every measure missing).
    await client.query(
      `INSERT INTO "HealthScore" ("accountId", "day", "modelVersion", "score", "colour", "measures", "missing", "usageSource", "computedAt")
       SELECT a."id", current_date - $1::int, 1, s.score,
              CASE WHEN s.score IS NULL THEN NULL WHEN s.score < 40 THEN 'red' WHEN s.score < 70 THEN 'yellow' ELSE 'green' END,
              $2::jsonb || jsonb_build_object('segment', a."fields"->>'ARR_Tier__c', 'usageSource', u.src, 'bands', jsonb_build_object('red', 40, 'green', 70)),
              '{}', u.src, now()
         FROM "SfAccount" a
        CROSS JOIN LATERAL (SELECT right(a."id", 15)::int AS i) n
        CROSS JOIN LATERAL (SELECT CASE WHEN n.i % 10 < 6 THEN 'pendo' WHEN n.i % 10 < 9 THEN 'px' END AS src) u
        CROSS JOIN LATERAL (SELECT CASE WHEN n.i % 97 = 11 THEN NULL
                                        ELSE round(greatest(0, least(100, 15 + abs(hashint4(n.i)) % 80 + abs(hashint4(n.i * 131 + $1::int)) % 21 - 10))::numeric, 1)::float8 END AS score) s
        WHERE (a."state" = 'ACTIVE' OR $1::int >= 20) AND (n.i % 20 <> 7 OR $1::int <= 9)`,
      [k, detail],
    );
    if (k % 10 === 0) log(`  HealthScore: ${HISTORY_DAYS - k} of ${HISTORY_DAYS} days in ${round((performance.now() - t) / 1000)} s`);
  }
  await step("HealthScore primary key", `ALTER TABLE "HealthScore" ADD CONSTRAINT "HealthScore_pkey" PRIMARY KEY ("accountId", "day")`);
  await step("HealthScore (day, score) index", `CREATE INDEX "HealthScore_day_score_idx" ON "HealthScore"("day", "score")`);
  await step(
    "KPI snapshots",
    `INSERT INTO "KpiSnapshot" ("integrationId", "scope", "accountId", "day", "values", "computedAt")
     SELECT u.src, 'salesforce', a."id", current_date - k,
            $1::jsonb || jsonb_build_object('activeUsers30d', abs(hashint4(n.i * 7 + k)) % 400, 'lastVisitAt', to_char(current_date - k - abs(hashint4(n.i)) % 20, 'YYYY-MM-DD')),
            now()
       FROM generate_series(${KPI_DAYS - 1}, 0, -1) k
      CROSS JOIN "SfAccount" a
      CROSS JOIN LATERAL (SELECT right(a."id", 15)::int AS i) n
      CROSS JOIN LATERAL (SELECT CASE WHEN n.i % 10 < 6 THEN 'pendo' WHEN n.i % 10 < 9 THEN 'px' END AS src) u
      WHERE a."state" = 'ACTIVE' AND u.src IS NOT NULL`,
    [kpis],
  );
  await step(
    "analytics accounts",
    `INSERT INTO "AnalyticsAccount" ("integrationId", "externalId", "name", "custom", "contentHash", "pulledAt")
     SELECT CASE WHEN right("id", 15)::int % 10 < 6 THEN 'pendo' ELSE 'px' END, 'acc-' || "id", "name", '{}', 'x', now()
       FROM "SfAccount" WHERE right("id", 15)::int % 10 < 9`,
  );
  await step(
    "account links",
    `INSERT INTO "MatchLink" ("integrationId", "entity", "analyticsId", "salesforceId", "criterion", "matchedAt")
     SELECT "integrationId", 'ACCOUNT', "externalId", substr("externalId", 5), 'salesforceId', now() FROM "AnalyticsAccount"`,
  );
  // 1 account in 100 overridden: a third by score alone (colour from the bands), the rest by colour; 1 in 5 of them expired.
  await step(
    "health overrides",
    `INSERT INTO "HealthOverride" ("id", "accountId", "score", "colour", "reason", "expiresAt", "setByEmail", "createdAt")
     SELECT 'override-' || i, '001' || lpad(i::text, 15, '0'), CASE WHEN i % 3 = 0 THEN 30 END, CASE WHEN i % 3 <> 0 THEN 'red' END, 'bench',
            CASE WHEN i % 5 = 0 THEN now() - interval '1 day' ELSE now() + interval '30 days' END, 'lead@bench.example', now() - interval '2 days'
       FROM generate_series(1, $1::int) i WHERE i % 100 = 9`,
    [accounts],
  );
  await step("VACUUM ANALYZE", `VACUUM ANALYZE`);
  const counts: Record<string, number | string> = Object.fromEntries(
    (
      await client.query<{ t: string; n: number }>(
        `SELECT 'SfAccount' AS t, count(*)::int AS n FROM "SfAccount" UNION ALL SELECT 'HealthScore', count(*)::int FROM "HealthScore"
         UNION ALL SELECT 'KpiSnapshot', count(*)::int FROM "KpiSnapshot" UNION ALL SELECT 'MatchLink', count(*)::int FROM "MatchLink"
         UNION ALL SELECT 'HealthOverride', count(*)::int FROM "HealthOverride"`,
      )
    ).rows.map((r) => [r.t, r.n]),
  );
  const size = await client.query<{ heap: string; total: string }>(`SELECT pg_size_pretty(pg_relation_size('"HealthScore"')) AS heap, pg_size_pretty(pg_total_relation_size('"HealthScore"')) AS total`);
  counts.healthScoreHeap = size.rows[0]!.heap;
  await client.query(`COMMENT ON DATABASE "${database}" IS '${SEED_VERSION}, ${accounts} accounts'`);
  await client.end();
  return counts;
}

async function withClient<T>(database: string, work: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: serverUrl(database) });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

function table(rows: (string | number)[][]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => String(r[i] ?? "").length)));
  return rows.map((r) => r.map((cell, i) => (i === 0 ? String(cell).padEnd(widths[i]!) : String(cell).padStart(widths[i]!))).join("  ")).join("\n");
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const USAGE = "usage: npm run bench -- accounts [--accounts N] [--runs 20] [--reuse 1]";
  const flag = numericFlags(argv, USAGE, ["accounts", "runs", "reuse"]);
  const sizes = flag("accounts") ? [flag("accounts")!] : [10_000, 100_000];
  const runs = flag("runs") ?? 20;
  const reuse = flag("reuse") === 1;
  const root = fileURLToPath(new URL("..", import.meta.url));
  const loadAtStart = loadavg().map((l) => round(l, 2));
  const results: Record<string, unknown>[] = [];
  for (const accounts of sizes) {
    const database = databaseOf(accounts);
    const env = { ...process.env, DATABASE_URL: serverUrl(database), LOG_LEVEL: "warn" };
    const fail = async (code: number): Promise<never> => process.exit(code);
    let counts: Record<string, number | string> | null = null;
    if (reuse && (await alreadySeeded(database, accounts))) {
      log(`${database}: already seeded with ${accounts} accounts, reused`);
    } else {
      if (!(await freshDatabase(database, env))) process.exit(1);
      log(`seeding ${accounts} accounts…`);
      const t = performance.now();
      counts = await seed(database, accounts);
      log(`seeded in ${round((performance.now() - t) / 1000)} s`);
    }
    await withClient(database, (c) => c.query(`DROP INDEX IF EXISTS "${PROPOSED_INDEX_NAME}"`));
    const childEnv = { ...env, BENCH_ACCOUNTS_MEASURE: "1", BENCH_ACCOUNTS_RUNS: String(runs), BENCH_ACCOUNTS_SIZE: String(accounts) };
    log(`${accounts} accounts, schema as migrated:`);
    const asIs = await runChild<ChildOutput>("bench/accounts.ts", { ...childEnv, BENCH_ACCOUNTS_LABEL: "as migrated" }, fail);
    log(`${accounts} accounts, with ${PROPOSED_INDEX}:`);
    const indexMs = await withClient(database, async (c) => {
      const t = performance.now();
      await c.query(PROPOSED_INDEX);
      await c.query(`VACUUM ANALYZE "HealthScore"`);
      return round(performance.now() - t);
    });
    const indexed = await runChild<ChildOutput>("bench/accounts.ts", { ...childEnv, BENCH_ACCOUNTS_LABEL: "with the index" }, fail);
    const indexSize = await withClient(database, async (c) => (await c.query<{ s: string }>(`SELECT pg_size_pretty(pg_relation_size('"${PROPOSED_INDEX_NAME}"')) AS s`)).rows[0]!.s);
    await withClient(database, (c) => c.query(`DROP INDEX IF EXISTS "${PROPOSED_INDEX_NAME}"`));

    mkdirSync(`${root}bench/results`, { recursive: true });
    const plansFile = `${root}bench/results/accounts-plans-${accounts}.txt`;
    writeFileSync(
      plansFile,
      [asIs, indexed].map((r) => `-- ${accounts} accounts, ${r.label}: slowest case "${r.slowest.name}", its ordering statement\n${r.slowest.plan}\n`).join("\n"),
    );
    const byName = (r: ChildOutput, name: string) => r.cases.find((c) => c.name === name)!;
    console.error(
      [
        "",
        `accounts list, ${accounts.toLocaleString("en-US")} accounts, ${runs} runs per case (listAccounts as the page calls it, ms); load ${loadavg().map((l) => round(l, 2)).join(" ")} (shared 2-core machine: figures are noisy)`,
        table([
          ["case", "accounts", "p50", "p95", "× scan", "p50 indexed", "p95 indexed", "× scan"],
          ...asIs.cases.map((c) => {
            const i = byName(indexed, c.name);
            return [c.name, c.total, c.p50, c.p95, round(c.p50 / asIs.scanMs), i.p50, i.p95, round(i.p50 / indexed.scanMs)];
          }),
          ["CSV export, all accounts (1 run)", asIs.exportRows, asIs.exportMs, "", "", indexed.exportMs, "", ""],
        ]),
        `× scan: p50 over the p50 of one plain pass over the accounts reading a field (${asIs.scanMs} ms as migrated, ${indexed.scanMs} ms indexed), timed by the same process`,
        `index: ${PROPOSED_INDEX} — built in ${round(indexMs / 1000)} s, ${indexSize}`,
        "",
        `EXPLAIN ANALYZE of the slowest case as migrated ("${asIs.slowest.name}"):`,
        asIs.slowest.plan,
        "",
        `EXPLAIN ANALYZE of the slowest case with the index ("${indexed.slowest.name}"):`,
        indexed.slowest.plan,
        `(also in ${plansFile})`,
      ].join("\n"),
    );
    results.push({ accounts, database, seeded: counts, asMigrated: asIs, withIndex: { index: PROPOSED_INDEX, buildMs: indexMs, size: indexSize, ...indexed } });
  }
  const machine = { cpus: cpus().length, loadAverageAtStart: loadAtStart, loadAverageAtEnd: loadavg().map((l) => round(l, 2)), note: "shared 2-core machine: other work ran at the same time" };
  console.log(JSON.stringify({ scenario: "accounts", node: process.version, machine, runs, results }, null, 1));
}

if (process.env.BENCH_ACCOUNTS_MEASURE) await measure();
else await main();
