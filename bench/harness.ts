import { spawn, spawnSync } from "node:child_process";
import pg from "pg";
import type { Fixture } from "@/emulators/fixture/schema";
import { startSalesforceEmulator } from "@/emulators/salesforce/server";
import { startPendoEmulator } from "@/emulators/pendo/server";
import { startPxEmulator } from "@/emulators/px/server";

// What the end-to-end benchmarks (bench/pull.ts, bench/sync.ts) share: their arguments, the three
// emulators serving generated data in this process, a scratch database, and the child processes
// that play the product (so its peak memory is its own and it sits across a socket from the
// vendors, as it would across the network).

export const log = (message: string) => console.error(`bench: ${message}`);
export const round = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;

/**
 * Reads `--name N` pairs (positive whole numbers) from `argv`; an unknown argument or a bad value
 * prints `usage` and exits 2.
 */
export function numericFlags(argv: string[], usage: string, names: string[]): (name: string) => number | undefined {
  for (let i = 0; i < argv.length; i += 2) {
    if (!names.some((name) => argv[i] === `--${name}`)) {
      console.error(`unknown argument "${argv[i]}"\n${usage}`);
      process.exit(2);
    }
  }
  return (name) => {
    const i = argv.indexOf(`--${name}`);
    if (i < 0) return undefined;
    const value = Number(argv[i + 1]);
    if (!Number.isInteger(value) || value <= 0) {
      console.error(`--${name} takes a positive whole number\n${usage}`);
      process.exit(2);
    }
    return value;
  };
}

export interface RunningEmulators {
  salesforceUrl: string;
  pendoUrl: string;
  /** Ends in /v1, as the product's PX_EMULATOR_URL does. */
  pxUrl: string;
  close(): Promise<void>;
}

export async function startEmulators(fixture: Fixture): Promise<RunningEmulators> {
  const sf = await startSalesforceEmulator({ port: 0, fixture: fixture.salesforce, now: fixture.now });
  const pendo = await startPendoEmulator({ port: 0, fixture: fixture.pendo, now: fixture.now });
  const px = await startPxEmulator({ port: 0, fixture: fixture.px, now: fixture.now });
  return {
    salesforceUrl: sf.url,
    pendoUrl: pendo.url,
    pxUrl: `${px.url}/v1`,
    close: async () => {
      await Promise.all([sf.close(), pendo.close(), px.close()]);
    },
  };
}

const server = process.env.DATABASE_URL ? new URL(process.env.DATABASE_URL) : new URL("postgresql://postgres@127.0.0.1:5432/postgres");
/** A database on the server DATABASE_URL names (or the local default). */
export const serverUrl = (db: string) => `${server.protocol}//${server.username}${server.password ? `:${server.password}` : ""}@${server.host}/${db}`;

/** The environment a product child needs: a scratch database and the emulators as its vendors. */
export function productEnv(database: string, emulators: RunningEmulators, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    ...process.env,
    DATABASE_URL: serverUrl(database),
    SALESFORCE_EMULATOR_URL: emulators.salesforceUrl,
    PENDO_EMULATOR_URL: emulators.pendoUrl,
    PX_EMULATOR_URL: emulators.pxUrl,
    SECRETS_KEY: Buffer.alloc(32, 3).toString("base64"),
    LOG_LEVEL: "warn",
    ...extra,
  };
}

/** Drops `database` and migrates it afresh; false if the migration failed (it printed why). */
export async function freshDatabase(database: string, env: NodeJS.ProcessEnv): Promise<boolean> {
  const admin = new pg.Client({ connectionString: serverUrl("postgres") });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
  await admin.end();
  log(`migrating ${database}…`);
  const migrate = spawnSync("npm", ["run", "--silent", "db:migrate"], { env, stdio: ["ignore", "ignore", "inherit"] });
  return migrate.status === 0;
}

/**
 * Runs a bench script in its own Node process; its last stdout line is its JSON result. A child
 * that fails hands its exit code to `fail` (which stops the servers and exits).
 */
export async function runChild<T>(file: string, env: NodeJS.ProcessEnv, fail: (code: number) => Promise<never>): Promise<T> {
  const proc = spawn(process.execPath, ["--import", "tsx", file], { env, stdio: ["ignore", "pipe", "inherit"] });
  let out = "";
  proc.stdout.on("data", (d: Buffer) => (out += d.toString()));
  const code = await new Promise<number>((resolve) => proc.on("exit", (c) => resolve(c ?? 1)));
  if (code !== 0) {
    log(`${file} exited with ${code}`);
    return fail(code);
  }
  return JSON.parse(out.trim().split("\n").at(-1)!) as T;
}
