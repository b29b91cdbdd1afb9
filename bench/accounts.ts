import { cpus, loadavg } from "node:os";
import { mkdirSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { freshDatabase, log, numericFlags, round, runChild, serverUrl } from "./harness";
import { alreadySeeded, databaseOf, seed, withClient } from "./accounts-seed";

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
// yardstick on a shared machine), and EXPLAIN ANALYZEs the slowest case's ordering statement. It runs twice: without the index the health
// slice reads (PROPOSED_INDEX, migrated since 2026-12-01), then with it, as migrated; the index is rebuilt at the end. --reuse 1 keeps a database
// already seeded with the same size and seed version instead of seeding again (minutes at 100k).
// Progress and a table go to stderr, one JSON document to stdout; the plans also go to
// bench/results/accounts-plans-<N>.txt.

/** The index the "newest day" slice of list-order.ts reads index-only; Prisma: @@index([day, accountId, score, colour]). */
export const PROPOSED_INDEX = `CREATE INDEX "HealthScore_day_accountId_score_colour_idx" ON "HealthScore"("day", "accountId", "score", "colour")`;
const PROPOSED_INDEX_NAME = "HealthScore_day_accountId_score_colour_idx";
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
  const { dataScope } = await import("@/lib/auth/data-scope");
  // No user row: the bench viewer belongs to no sharing group, so any group the hub holds applies.
  const viewer = { id: "bench-viewer", email: VIEWER_EMAIL };
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
  const where = accountsWhere(filter, { today: utcDay(now), myUserIds, scope: await dataScope(viewer) });
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
    log(`${accounts} accounts, without the HealthScore (day, accountId, score, colour) index:`);
    const asIs = await runChild<ChildOutput>("bench/accounts.ts", { ...childEnv, BENCH_ACCOUNTS_LABEL: "without the index" }, fail);
    log(`${accounts} accounts, with ${PROPOSED_INDEX}:`);
    const indexMs = await withClient(database, async (c) => {
      const t = performance.now();
      await c.query(PROPOSED_INDEX);
      await c.query(`VACUUM ANALYZE "HealthScore"`);
      return round(performance.now() - t);
    });
    const indexed = await runChild<ChildOutput>("bench/accounts.ts", { ...childEnv, BENCH_ACCOUNTS_LABEL: "as migrated (with the index)" }, fail);
    const indexSize = await withClient(database, async (c) => (await c.query<{ s: string }>(`SELECT pg_size_pretty(pg_relation_size('"${PROPOSED_INDEX_NAME}"')) AS s`)).rows[0]!.s);

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
        `× scan: p50 over the p50 of one plain pass over the accounts reading a field (${asIs.scanMs} ms without the index, ${indexed.scanMs} ms with it), timed by the same process`,
        `index: ${PROPOSED_INDEX} — built in ${round(indexMs / 1000)} s, ${indexSize}`,
        "",
        `EXPLAIN ANALYZE of the slowest case without the index ("${asIs.slowest.name}"):`,
        asIs.slowest.plan,
        "",
        `EXPLAIN ANALYZE of the slowest case with the index ("${indexed.slowest.name}"):`,
        indexed.slowest.plan,
        `(also in ${plansFile})`,
      ].join("\n"),
    );
    results.push({ accounts, database, seeded: counts, withoutIndex: asIs, asMigrated: { index: PROPOSED_INDEX, buildMs: indexMs, size: indexSize, ...indexed } });
  }
  const machine = { cpus: cpus().length, loadAverageAtStart: loadAtStart, loadAverageAtEnd: loadavg().map((l) => round(l, 2)), note: "shared 2-core machine: other work ran at the same time" };
  console.log(JSON.stringify({ scenario: "accounts", node: process.version, machine, runs, results }, null, 1));
}

if (process.env.BENCH_ACCOUNTS_MEASURE) await measure();
else await main();
