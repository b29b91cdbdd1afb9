// Command-line entry point for running the emulator on its own (demo, manual testing):
//   npx tsx emulators/salesforce/main.ts --port 3101 --fixture demo.json --persist .sf-state.json
// --fixture accepts either the whole fixture file (its `salesforce` key is used) or just the
// Salesforce section. Stops cleanly on SIGINT/SIGTERM so the persisted state is saved.

import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { startSalesforceEmulator } from "./server";
import type { SalesforceFixture } from "./fixture";

const HELP = `Salesforce API emulator
  --host <host>            default 127.0.0.1
  --port <port>            default 3101 (0 = random)
  --fixture <file.json>    whole fixture file or its "salesforce" section
  --persist <file.json>    load state from / save state to this file
  --now <iso>              emulator clock start
  --faults <spec>          e.g. "unavailable:rate=0.05;lock:nth=3"
  --latency <ms>           added to every API request
  --seed <n>               seeds IDs and faults
  --daily-api <n>          daily API request allowance
  --token-ttl <seconds>    access token lifetime (default 7200)`;

function numberOption(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isFinite(n)) throw new Error(`--${name} must be a number, got "${value}"`);
  return n;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      host: { type: "string" },
      port: { type: "string" },
      fixture: { type: "string" },
      persist: { type: "string" },
      now: { type: "string" },
      faults: { type: "string" },
      latency: { type: "string" },
      seed: { type: "string" },
      "daily-api": { type: "string" },
      "token-ttl": { type: "string" },
      help: { type: "boolean" },
    },
  });
  if (values.help) {
    console.log(HELP);
    return;
  }
  let fixture: SalesforceFixture | undefined;
  if (values.fixture) {
    const raw = JSON.parse(readFileSync(values.fixture, "utf8")) as Record<string, unknown>;
    fixture = (raw && typeof raw === "object" && "salesforce" in raw ? raw.salesforce : raw) as SalesforceFixture;
  }
  const emulator = await startSalesforceEmulator({
    host: values.host,
    port: numberOption(values.port, "port"),
    fixture,
    persistFile: values.persist,
    now: values.now,
    faults: values.faults,
    latencyMs: numberOption(values.latency, "latency"),
    seed: numberOption(values.seed, "seed"),
    dailyApiRequests: numberOption(values["daily-api"], "daily-api"),
    accessTokenTtlSeconds: numberOption(values["token-ttl"], "token-ttl"),
  });
  console.log(`Salesforce emulator listening on ${emulator.url} (client_id clearinghouse-demo)`);
  const stop = (): void => {
    emulator.close().then(
      () => process.exit(0),
      (err: unknown) => {
        console.error(err);
        process.exit(1);
      },
    );
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exitCode = 1;
});
