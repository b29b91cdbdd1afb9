/**
 * Emulator launcher: `npm run emulators` (tsx emulators/index.ts).
 * Generates demo data (or loads a fixture file) and starts the Salesforce, Pendo and Gainsight PX
 * emulators. See emulators/README.md.
 */
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, statSync } from "node:fs";
import { totalmem } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { Command, InvalidArgumentError, Option } from "commander";
import { parseFaultSpec } from "./shared/faults";
import { FixtureFileError, loadFixtureFile, writeFixtureFile } from "./fixture/io";
import type { Fixture } from "./fixture/schema";
import { fixtureCounts, generateDemoData } from "./generator/generate";
import { PENDO_DEMO_KEY, PENDO_DEMO_READONLY_KEY, startPendoEmulator } from "./pendo/server";
import { PX_DEMO_KEY, PX_DEMO_READONLY_KEY, startPxEmulator } from "./px/server";
import { startSalesforceEmulator } from "./salesforce/server";

export const DEMO_CREDENTIALS = {
  salesforce: { clientId: "clearinghouse-demo", clientSecret: "clearinghouse-demo-secret" },
  pendo: { readWriteKey: PENDO_DEMO_KEY, readOnlyKey: PENDO_DEMO_READONLY_KEY, trackEventSecret: "demo-pendo-track-secret" },
  px: { apiKey: PX_DEMO_KEY, readOnlyKey: PX_DEMO_READONLY_KEY },
} as const;

export interface LauncherOptions {
  seed: number;
  accounts: number;
  days: number;
  now?: string;
  fixture?: string;
  writeFixture?: string;
  faults?: string;
  latency?: number;
  persist?: string;
  sfPort: number;
  pendoPort: number;
  pxPort: number;
  host: string;
}

export interface RunningSet {
  salesforce: { url: string; port: number };
  pendo: { url: string; port: number };
  px: { url: string; port: number };
  close(): Promise<void>;
}

class LauncherError extends Error {}

function intArg(name: string, min: number, max: number) {
  return (value: string): number => {
    if (!/^-?\d+$/.test(value.trim())) throw new InvalidArgumentError(`${name} must be an integer`);
    const n = Number(value);
    if (n < min || n > max) throw new InvalidArgumentError(`${name} must be between ${min} and ${max}`);
    return n;
  };
}

/** `--persist DIR` → DIR/salesforce.json…; `--persist /tmp/demo-` → /tmp/demo-salesforce.json… */
export function persistFiles(persist: string): { salesforce: string; pendo: string; px: string } {
  const p = resolve(persist);
  const isDir = persist.endsWith("/") || (existsSync(p) && statSync(p).isDirectory());
  if (isDir) mkdirSync(p, { recursive: true });
  else mkdirSync(dirname(p), { recursive: true });
  const f = (name: string) => (isDir ? join(p, `${name}.json`) : `${p}${name}.json`);
  return { salesforce: f("salesforce"), pendo: f("pendo"), px: f("px") };
}

const PORT_HINT = {
  salesforce: "--sf-port N or SF_EMULATOR_PORT=N",
  pendo: "--pendo-port N or PENDO_EMULATOR_PORT=N",
  px: "--px-port N or PX_EMULATOR_PORT=N",
} as const;

async function startOne<T>(which: keyof typeof PORT_HINT, label: string, host: string, port: number, start: () => Promise<T>): Promise<T> {
  try {
    return await start();
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    if (err.code === "EADDRINUSE") {
      throw new LauncherError(`${label}: port ${port} on ${host} is already in use; choose another with ${PORT_HINT[which]} (or 0 for any free port)`);
    }
    if (err.code === "EACCES") throw new LauncherError(`${label}: no permission to listen on ${host}:${port}; use a port above 1024 (${PORT_HINT[which]})`);
    if (err.code === "EADDRNOTAVAIL" || err.code === "ENOTFOUND") throw new LauncherError(`${label}: cannot listen on host ${host}; check --host`);
    const msg = err instanceof Error ? err.message : String(err);
    throw new LauncherError(`${label}: ${msg.split("\n")[0]}`);
  }
}

/** Starts all three emulators (used by the CLI, and usable from scripts and tests). */
export async function startAll(opts: LauncherOptions, fixture: Fixture, log: (line: string) => void = () => undefined): Promise<RunningSet> {
  const persist = opts.persist ? persistFiles(opts.persist) : undefined;
  const common = { host: opts.host, now: fixture.now, faults: opts.faults, latencyMs: opts.latency, seed: opts.seed };
  const started: Array<{ close(): Promise<void> }> = [];
  const closeAll = async () => {
    await Promise.allSettled(started.map((s) => s.close()));
  };
  try {
    const salesforce = await startOne("salesforce", "Salesforce emulator", opts.host, opts.sfPort, () =>
      startSalesforceEmulator({ ...common, port: opts.sfPort, fixture: fixture.salesforce, persistFile: persist?.salesforce }),
    );
    started.push(salesforce);
    log(`  Salesforce loaded`);
    const pendo = await startOne("pendo", "Pendo emulator", opts.host, opts.pendoPort, () =>
      startPendoEmulator({ ...common, port: opts.pendoPort, fixture: fixture.pendo, persistFile: persist?.pendo }),
    );
    started.push(pendo);
    const px = await startOne("px", "Gainsight PX emulator", opts.host, opts.pxPort, () =>
      startPxEmulator({ ...common, port: opts.pxPort, fixture: fixture.px, persistFile: persist?.px }),
    );
    started.push(px);
    return {
      salesforce: { url: salesforce.url, port: salesforce.port },
      pendo: { url: pendo.url, port: pendo.port },
      px: { url: px.url, port: px.port },
      close: closeAll,
    };
  } catch (e) {
    await closeAll();
    throw e;
  }
}

export function buildProgram(): Command {
  const program = new Command();
  program
    .name("emulators")
    .description("Start the local Salesforce, Pendo and Gainsight PX emulators with demo data")
    .addOption(new Option("--seed <n>", "demo data seed").env("EMULATOR_SEED").default(42).argParser(intArg("--seed", -2147483648, 2147483647)))
    .addOption(new Option("--accounts <n>", "Salesforce accounts to generate").env("EMULATOR_ACCOUNTS").default(200).argParser(intArg("--accounts", 1, 1_000_000)))
    .addOption(new Option("--days <n>", "days of daily usage history").env("EMULATOR_DAYS").default(100).argParser(intArg("--days", 1, 730)))
    .addOption(new Option("--now <iso>", "generation instant (emulator clocks start here)").env("EMULATOR_NOW"))
    .addOption(new Option("--fixture <file>", "load this fixture file instead of generating data").env("EMULATOR_FIXTURE"))
    .addOption(new Option("--write-fixture <file>", "also write the fixture in use to this file"))
    .addOption(new Option("--faults <spec>", 'fault spec for all three, e.g. "unavailable:rate=0.05;slow:ms=500,rate=0.1"').env("EMULATOR_FAULTS"))
    .addOption(new Option("--latency <ms>", "added latency per API request").env("EMULATOR_LATENCY").argParser(intArg("--latency", 0, 600_000)))
    .addOption(new Option("--persist <dir-or-prefix>", "keep state across restarts in DIR/{salesforce,pendo,px}.json or PREFIX{salesforce,pendo,px}.json").env("EMULATOR_PERSIST"))
    .addOption(new Option("--sf-port <port>", "Salesforce port").env("SF_EMULATOR_PORT").default(3101).argParser(intArg("--sf-port", 0, 65535)))
    .addOption(new Option("--pendo-port <port>", "Pendo port").env("PENDO_EMULATOR_PORT").default(3102).argParser(intArg("--pendo-port", 0, 65535)))
    .addOption(new Option("--px-port <port>", "Gainsight PX port").env("PX_EMULATOR_PORT").default(3103).argParser(intArg("--px-port", 0, 65535)))
    .addOption(new Option("--host <host>", "interface to listen on").env("EMULATOR_HOST").default("127.0.0.1"))
    .showHelpAfterError("(run with --help for usage)");
  return program;
}

export async function main(argv: string[] = process.argv): Promise<void> {
  const program = buildProgram();
  program.exitOverride();
  try {
    program.parse(argv);
  } catch (e) {
    const code = (e as { exitCode?: number }).exitCode ?? 1;
    process.exit(code);
  }
  const o = program.opts() as LauncherOptions;
  const out = (line: string) => process.stdout.write(line + "\n");
  const fail = (msg: string): never => {
    process.stderr.write(`emulators: ${msg}\n`);
    process.exit(1);
  };
  if (o.faults) {
    try {
      parseFaultSpec(o.faults);
    } catch (e) {
      fail(`--faults: ${(e as Error).message}`);
    }
  }
  if (o.now !== undefined && Number.isNaN(Date.parse(o.now))) fail(`--now: "${o.now}" is not an ISO-8601 date-time`);

  // Big data sets outgrow Node's default heap (about 4 GB) once the Salesforce emulator has
  // built its tables: re-run this script with a larger heap unless the user chose one.
  const big = o.fixture ? existsSync(o.fixture) && statSync(o.fixture).size > 400 * 1024 * 1024 : o.accounts > 25_000;
  const heapChosen = [...process.execArgv, process.env.NODE_OPTIONS ?? ""].some((a) => a.includes("--max-old-space-size"));
  if (big && !heapChosen && process.env.CH_EMULATORS_REEXEC !== "1") {
    const mb = Math.max(4096, Math.min(16384, Math.floor((totalmem() / 1024 / 1024) * 0.75)));
    out(`large data set: restarting with --max-old-space-size=${mb}`);
    const child = spawn(process.execPath, [...process.execArgv, `--max-old-space-size=${mb}`, ...process.argv.slice(1)], {
      stdio: "inherit",
      env: { ...process.env, CH_EMULATORS_REEXEC: "1" },
    });
    for (const sig of ["SIGINT", "SIGTERM"] as const) process.on(sig, () => child.kill(sig));
    child.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
    return;
  }

  let fixture: Fixture;
  const t0 = performance.now();
  if (o.fixture) {
    try {
      fixture = await loadFixtureFile(o.fixture);
    } catch (e) {
      if (e instanceof FixtureFileError) fail(`bad fixture ${e.file}: ${e.jsonPath ? `at ${e.jsonPath}: ` : ""}${e.reason}`);
      throw e;
    }
    if (o.now) fixture.now = new Date(Date.parse(o.now)).toISOString();
  } else {
    fixture = generateDemoData({ seed: o.seed, accounts: o.accounts, days: o.days, now: o.now });
  }
  const counts = fixtureCounts(fixture);
  const genMs = Math.round(performance.now() - t0);
  if (o.writeFixture) {
    const { bytes } = await writeFixtureFile(o.writeFixture, fixture);
    out(`wrote ${o.writeFixture} (${(bytes / 1e6).toFixed(1)} MB)`);
  }
  let running: RunningSet;
  try {
    running = await startAll(o, fixture);
  } catch (e) {
    if (e instanceof LauncherError) fail(e.message);
    const msg = e instanceof Error ? e.message : String(e);
    fail(msg.split("\n")[0] ?? msg);
    return;
  }
  const source = o.fixture ? `fixture ${o.fixture}` : `seed ${o.seed}, ${o.accounts} accounts, ${o.days} days`;
  out(`Clearinghouse emulators (${source}; ${genMs} ms; clock starts at ${fixture.now ?? "wall clock"})`);
  out(
    `  data: ${counts["salesforce.Account"] ?? 0} SF accounts, ${counts["salesforce.Contact"] ?? 0} contacts, ` +
      `${counts["pendo.accounts"] ?? 0} Pendo accounts / ${counts["pendo.visitors"] ?? 0} visitors, ` +
      `${counts["px.accounts"] ?? 0} PX accounts / ${counts["px.users"] ?? 0} users`,
  );
  out("");
  out(`  Salesforce    ${running.salesforce.url}`);
  out(`                login URL for the Salesforce card; connected app client_id ${DEMO_CREDENTIALS.salesforce.clientId}, secret ${DEMO_CREDENTIALS.salesforce.clientSecret} (press Approve on the consent page)`);
  out(`  Pendo         ${running.pendo.url}`);
  out(`                X-Pendo-Integration-Key: ${PENDO_DEMO_KEY} (read-write) or ${PENDO_DEMO_READONLY_KEY} (read-only); track secret ${DEMO_CREDENTIALS.pendo.trackEventSecret}`);
  out(`  Gainsight PX  ${running.px.url}/v1`);
  out(`                X-APTRINSIC-API-KEY: ${PX_DEMO_KEY} (read-write) or ${PX_DEMO_READONLY_KEY} (read-only)`);
  out("");
  out(`  Admin API: <url>/__emulator/{reset,fixture,faults,clock,counters,webhook,webhook/send}${o.persist ? `; state persisted under ${o.persist}` : ""}`);
  out("  Ctrl-C to stop.");

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    out(`\n${signal}: stopping emulators…`);
    const hard = setTimeout(() => process.exit(1), 10_000);
    hard.unref();
    running
      .close()
      .then(() => process.exit(0))
      .catch((e: unknown) => {
        process.stderr.write(`emulators: error while stopping: ${e instanceof Error ? e.message : String(e)}\n`);
        process.exit(1);
      });
  };
  process.on("SIGINT", () => stop("SIGINT"));
  process.on("SIGTERM", () => stop("SIGTERM"));
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  void main();
}
