import { spawn, spawnSync } from "node:child_process";
import pg from "pg";
import { generateDemoData, fixtureCounts } from "@/emulators/generator/generate";
import { startSalesforceEmulator } from "@/emulators/salesforce/server";
import { startPendoEmulator } from "@/emulators/pendo/server";
import { startPxEmulator } from "@/emulators/px/server";

// First-pull cost at scale: npx tsx bench/pull.ts [--accounts 10000] [--users-scale 4] [--months 120]
// (--months: the Salesforce first-pull window; the product default is 6, seed 001.)
// Generates demo data, serves it from the emulators in this process, and runs the product's pulls
// (Salesforce, then Pendo, then PX, each followed by matching) in a child process against a
// scratch database, so the child's peak RSS is the worker's cost. Prints JSON.

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const accounts = arg("accounts", 10_000);
const usersScale = arg("users-scale", 4);
const months = arg("months", 120);
const database = "clearinghouse_bench";
const server = process.env.DATABASE_URL ? new URL(process.env.DATABASE_URL) : new URL("postgresql://postgres@127.0.0.1:5432/postgres");
const benchUrl = `${server.protocol}//${server.username}${server.password ? `:${server.password}` : ""}@${server.host}/${database}`;

let t = performance.now();
const fixture = generateDemoData({ seed: 42, accounts, profile: { usersScale } });
const counts = fixtureCounts(fixture);
const generateSeconds = (performance.now() - t) / 1000;

t = performance.now();
const sf = await startSalesforceEmulator({ port: 0, fixture: fixture.salesforce, now: fixture.now });
const pendo = await startPendoEmulator({ port: 0, fixture: fixture.pendo, now: fixture.now });
const px = await startPxEmulator({ port: 0, fixture: fixture.px, now: fixture.now });
const loadSeconds = (performance.now() - t) / 1000;

const admin = new pg.Client({ connectionString: `${server.protocol}//${server.username}@${server.host}/postgres` });
await admin.connect();
await admin.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
await admin.end();
const env = {
  ...process.env,
  DATABASE_URL: benchUrl,
  SALESFORCE_EMULATOR_URL: sf.url,
  PENDO_EMULATOR_URL: pendo.url,
  PX_EMULATOR_URL: `${px.url}/v1`,
  SECRETS_KEY: Buffer.alloc(32, 3).toString("base64"),
  LOG_LEVEL: "warn",
  BENCH_FIRST_PULL_MONTHS: String(months),
};
const migrate = spawnSync("npm", ["run", "--silent", "db:migrate"], { env, stdio: ["ignore", "ignore", "inherit"] });
if (migrate.status !== 0) process.exit(1);

const child = spawn(process.execPath, ["--import", "tsx", "bench/pull-child.ts"], { env, stdio: ["ignore", "pipe", "inherit"] });
let out = "";
child.stdout.on("data", (d: Buffer) => (out += d.toString()));
const code = await new Promise<number>((resolve) => child.on("exit", (c) => resolve(c ?? 1)));
await Promise.all([sf.close(), pendo.close(), px.close()]);
if (code !== 0) process.exit(code);
console.log(
  JSON.stringify(
    {
      node: process.version,
      accounts,
      usersScale,
      firstPullMonths: months,
      fixture: { salesforceAccounts: counts["salesforce.Account"], salesforceContacts: counts["salesforce.Contact"], pxUsers: counts["px.users"], pendoVisitors: counts["pendo.visitors"] },
      generateSeconds: Math.round(generateSeconds * 10) / 10,
      emulatorLoadSeconds: Math.round(loadSeconds * 10) / 10,
      pulls: JSON.parse(out.trim().split("\n").at(-1)!),
    },
    null,
    1,
  ),
);
