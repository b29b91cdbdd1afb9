import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { fileURLToPath } from "node:url";
import autocannon from "autocannon";
import pg from "pg";
import { alreadySeeded, databaseOf, seed } from "./accounts-seed";
import { freshDatabase, log, numericFlags, round, serverUrl } from "./harness";
import { BIG_RUN_ID, LOAD_ADMIN, seedLoad } from "./load-seed";

// Server time of the pages CSMs and admins read most, under concurrent clients, against a
// production build (issues 11 and 13):
//   npm run build && npm run -s bench -- load [--accounts N] [--runs 100000] [--records 10000]
//                                             [--connections 20] [--per-client 2] [--reuse 1]
// Per size (10,000 then 100,000 accounts without --accounts): the accounts bench's database
// (bench/accounts-seed.ts) plus a sync history (bench/load-seed.ts), served by `next start` on
// BENCH_PORT (3398); signed in once as an admin, autocannon sends each page `connections` clients
// at once, `per-client` requests each, after two warm-up requests. Latency is the time to the whole
// response as autocannon measures it (the pages render on the server; nothing else is fetched).
// Progress and a table go to stderr, one JSON document to stdout.

const PORT = Number(process.env.BENCH_PORT ?? 3398);
const base = `http://127.0.0.1:${PORT}`;
const root = fileURLToPath(new URL("..", import.meta.url));

interface Target {
  name: string;
  /** Paths requested in turn (the account page rotates over accounts). */
  paths: string[];
}

function targets(accounts: number): Target[] {
  const ids = Array.from({ length: 50 }, (_, k) => `001${String(2 + Math.floor((k * accounts) / 50)).padStart(15, "0")}`);
  return [
    { name: "accounts list (score)", paths: ["/accounts"] },
    { name: "accounts list (at risk)", paths: ["/accounts?colour=red"] },
    { name: "accounts list (search)", paths: ["/accounts?q=ram"] },
    { name: "account page", paths: ids.map((id) => `/accounts/${id}`) },
    { name: "sync history", paths: ["/sync"] },
    // Longest first and shortest first, each the first page read through the (durationMs, id) index.
    { name: "history sorted by duration", paths: ["/sync?sort=duration", "/sync?sort=duration&dir=asc"] },
    { name: "sync history (failed, rejected)", paths: ["/sync?status=FAILED", "/sync?rejected=1"] },
    { name: "run page (10,000 records)", paths: [`/sync/${BIG_RUN_ID}`] },
    { name: "run page (failed records)", paths: [`/sync/${BIG_RUN_ID}?outcome=failures`] },
  ];
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? NaN;

/** Cookies a response sets, merged into a jar (name → value). */
function keepCookies(jar: Map<string, string>, response: Response) {
  for (const line of response.headers.getSetCookie()) {
    const [pair] = line.split(";");
    const at = pair!.indexOf("=");
    jar.set(pair!.slice(0, at), pair!.slice(at + 1));
  }
}
const cookieHeader = (jar: Map<string, string>) => [...jar].map(([k, v]) => `${k}=${v}`).join("; ");

/** Signs in through next-auth's credentials endpoint, as the form does; returns the Cookie header. */
async function signIn(): Promise<string> {
  const jar = new Map<string, string>();
  const csrf = await fetch(`${base}/api/auth/csrf`);
  keepCookies(jar, csrf);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const body = new URLSearchParams({ csrfToken, email: LOAD_ADMIN.email, password: LOAD_ADMIN.password, json: "true" });
  const callback = await fetch(`${base}/api/auth/callback/credentials`, { method: "POST", body, redirect: "manual", headers: { cookie: cookieHeader(jar), "content-type": "application/x-www-form-urlencoded" } });
  keepCookies(jar, callback);
  const session = (await (await fetch(`${base}/api/auth/session`, { headers: { cookie: cookieHeader(jar) } })).json()) as { user?: { email?: string } };
  if (session.user?.email !== LOAD_ADMIN.email) throw new Error("the load bench could not sign in (check the seeded admin and the server's log)");
  return cookieHeader(jar);
}

async function startServer(database: string): Promise<ChildProcess> {
  const server = spawn("npx", ["next", "start", "-p", String(PORT)], {
    cwd: root,
    stdio: ["ignore", "ignore", "inherit"],
    env: { ...process.env, NODE_ENV: "production", DATABASE_URL: serverUrl(database), NEXTAUTH_URL: base, NEXTAUTH_SECRET: "load-bench-secret-load-bench-secret", SECRETS_KEY: Buffer.alloc(32, 7).toString("base64"), LOG_LEVEL: "warn" },
    detached: true,
  });
  for (let i = 0; i < 240; i++) {
    try {
      if ((await fetch(`${base}/signin`)).ok) return server;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  stopServer(server);
  throw new Error("next start did not answer within 2 minutes");
}

function stopServer(server: ChildProcess) {
  try {
    process.kill(-server.pid!, "SIGTERM");
  } catch {
    // already gone
  }
}

interface TargetFigures {
  name: string;
  requests: number;
  p50: number;
  p95: number;
  max: number;
  notOk: number;
  requestsPerSecond: number;
}

async function load(target: Target, cookie: string, connections: number, perClient: number): Promise<TargetFigures> {
  for (const path of target.paths.slice(0, 2)) {
    const warm = await fetch(`${base}${path}`, { headers: { cookie } });
    await warm.arrayBuffer();
    if (warm.status !== 200) throw new Error(`${path} answered ${warm.status} to the signed-in admin`);
  }
  let next = 0;
  const latencies: number[] = [];
  let notOk = 0;
  const amount = connections * perClient;
  const started = performance.now();
  await new Promise<void>((resolve, reject) => {
    const instance = autocannon(
      {
        url: base,
        connections,
        amount,
        timeout: 120,
        headers: { cookie },
        requests: [{ setupRequest: (request) => ({ ...request, path: target.paths[next++ % target.paths.length]! }) }],
      },
      (error) => (error ? reject(error) : resolve()),
    );
    instance.on("response", (_client, statusCode, _bytes, responseTime) => {
      latencies.push(responseTime);
      if (statusCode !== 200) notOk++;
    });
  });
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return { name: target.name, requests: latencies.length, p50: round(percentile(latencies, 50)), p95: round(percentile(latencies, 95)), max: round(latencies.at(-1) ?? NaN), notOk, requestsPerSecond: round(latencies.length / seconds, 2) };
}

async function prepare(accounts: number, runs: number, records: number, reuse: boolean): Promise<string> {
  const database = databaseOf(accounts);
  if (!(reuse && (await alreadySeeded(database, accounts)))) {
    if (!(await freshDatabase(database, { ...process.env, DATABASE_URL: serverUrl(database), LOG_LEVEL: "warn" }))) process.exit(1);
    log(`seeding ${accounts} accounts…`);
    await seed(database, accounts);
  } else {
    log(`${database}: accounts already seeded, reused`);
  }
  const migrate = spawn("npm", ["run", "--silent", "db:migrate"], { env: { ...process.env, DATABASE_URL: serverUrl(database) }, stdio: ["ignore", "ignore", "inherit"] });
  if ((await new Promise<number>((r) => migrate.on("exit", (c) => r(c ?? 1)))) !== 0) process.exit(1);
  const { hashPassword } = await import("@/lib/auth/password");
  const client = new pg.Client({ connectionString: serverUrl(database) });
  await client.connect();
  try {
    log(`sync history: ${runs} runs, one run of ${records} records…`);
    if (!(await seedLoad(client, runs, records, await hashPassword(LOAD_ADMIN.password)))) log("  already seeded, reused");
  } finally {
    await client.end();
  }
  return database;
}

async function main() {
  const argv = process.argv.slice(2);
  const USAGE = "usage: npm run build && npm run -s bench -- load [--accounts N] [--runs 100000] [--records 10000] [--connections 20] [--per-client 2] [--reuse 1] [--seed-only 1]";
  const flag = numericFlags(argv, USAGE, ["accounts", "runs", "records", "connections", "per-client", "reuse", "seed-only"]);
  // --seed-only 1 prepares the databases (minutes at 100,000 accounts) while a build is still to come.
  const seedOnly = flag("seed-only") === 1;
  if (!seedOnly && !existsSync(`${root}.next/BUILD_ID`)) {
    console.error(`No production build in ${root}.next: run \`npm run build\` first (the figures are of a production build).`);
    process.exit(2);
  }
  const sizes = flag("accounts") ? [flag("accounts")!] : [10_000, 100_000];
  const runs = flag("runs") ?? 100_000;
  const records = flag("records") ?? 10_000;
  const connections = flag("connections") ?? 20;
  const perClient = flag("per-client") ?? 2;
  const loadAtStart = loadavg().map((l) => round(l, 2));
  const results: { accounts: number; targets: TargetFigures[] }[] = [];
  for (const accounts of sizes) {
    const database = await prepare(accounts, runs, records, flag("reuse") === 1);
    if (seedOnly) continue;
    log(`next start on ${base} against ${database}…`);
    const server = await startServer(database);
    try {
      const cookie = await signIn();
      const figures: TargetFigures[] = [];
      for (const target of targets(accounts)) {
        const f = await load(target, cookie, connections, perClient);
        log(`  ${accounts} accounts, ${f.name}: p50 ${f.p50} ms, p95 ${f.p95} ms, max ${f.max} ms over ${f.requests} requests (${f.notOk} not 200)`);
        figures.push(f);
      }
      results.push({ accounts, targets: figures });
    } finally {
      stopServer(server);
    }
  }
  console.error(`\n${connections} concurrent clients, ${connections * perClient} requests per page, production build, ${runs.toLocaleString("en-US")} runs in history; ms`);
  for (const r of results) {
    console.error(`${r.accounts.toLocaleString("en-US")} accounts`);
    for (const t of r.targets) console.error(`  ${t.name.padEnd(34)} p50 ${String(t.p50).padStart(8)}  p95 ${String(t.p95).padStart(8)}  max ${String(t.max).padStart(8)}  ${t.requestsPerSecond} req/s${t.notOk ? `  ${t.notOk} not 200` : ""}`);
  }
  const machine = { cpus: cpus().length, loadAverageAtStart: loadAtStart, loadAverageAtEnd: loadavg().map((l) => round(l, 2)), note: "the server, PostgreSQL and the load tool share this machine" };
  console.log(JSON.stringify({ scenario: "load", node: process.version, machine, connections, perClient, runs, records, results }, null, 1));
}

await main();
