/**
 * Demo-data benchmark: time and peak memory to generate, and to load into the three emulators,
 * 10,000 and 100,000 accounts. Each size runs in its own child process so peak figures do not
 * mix. Prints one JSON document.
 *
 *   npx tsx bench/generate-demo-data.ts                    # 10k and 100k
 *   npx tsx bench/generate-demo-data.ts --sizes 1000,10000 # other sizes
 *   npx tsx bench/generate-demo-data.ts --write-dir /tmp   # also time writing + reading the fixture file
 */
import { spawn } from "node:child_process";
import { readFileSync, rmSync } from "node:fs";
import { cpus, totalmem } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import { loadFixtureFile, writeFixtureFile } from "../emulators/fixture/io";
import { fixtureCounts, generateDemoData } from "../emulators/generator/generate";
import { startPendoEmulator } from "../emulators/pendo/server";
import { startPxEmulator } from "../emulators/px/server";
import { startSalesforceEmulator } from "../emulators/salesforce/server";

const MB = 1024 * 1024;

/** Samples process RSS every 20 ms from a worker thread (the main thread is busy generating). */
function rssSampler(): { reset(): void; peakMB(): number; stop(): Promise<void> } {
  const shared = new Float64Array(new SharedArrayBuffer(8));
  const worker = new Worker(
    `const { workerData } = require("node:worker_threads");
     const peak = new Float64Array(workerData);
     setInterval(() => { const r = process.memoryUsage.rss(); if (r > peak[0]) peak[0] = r; }, 20);`,
    { eval: true, workerData: shared.buffer },
  );
  worker.unref();
  return {
    reset() {
      shared[0] = process.memoryUsage.rss();
    },
    peakMB() {
      return Math.round(Math.max(shared[0]!, process.memoryUsage.rss()) / MB);
    },
    async stop() {
      await worker.terminate();
    },
  };
}

/** Linux high-water mark of the whole process (VmHWM), as a cross-check of the sampler. */
function vmHwmMB(): number | null {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync("/proc/self/status", "utf8"));
    return m ? Math.round(Number(m[1]) / 1024) : null;
  } catch {
    return null;
  }
}

async function time<T>(fn: () => Promise<T> | T): Promise<[T, number]> {
  const t0 = performance.now();
  const v = await fn();
  return [v, Math.round(performance.now() - t0)];
}

async function runChild(accounts: number, writeDir: string | undefined): Promise<Record<string, unknown>> {
  const sampler = rssSampler();
  const baseMB = Math.round(process.memoryUsage.rss() / MB);
  sampler.reset();
  const [fixture, genMs] = await time(() => generateDemoData({ seed: 42, accounts }));
  const genPeak = sampler.peakMB();
  const counts = fixtureCounts(fixture);
  const eventRows = ["pendo.events", "pendo.featureEvents", "pendo.pollEvents", "px.events.session", "px.events.feature_match", "px.events.custom", "px.events.survey_response"].reduce(
    (s, k) => s + (counts[k] ?? 0),
    0,
  );
  const sfRecords = Object.entries(counts)
    .filter(([k]) => k.startsWith("salesforce."))
    .reduce((s, [, v]) => s + v, 0);

  let file: Record<string, unknown> | undefined;
  if (writeDir) {
    const path = join(writeDir, `bench-fixture-${accounts}.json`);
    const [{ bytes }, writeMs] = await time(() => writeFixtureFile(path, fixture));
    const [, readMs] = await time(() => loadFixtureFile(path));
    rmSync(path, { force: true });
    file = { bytesMB: Math.round(bytes / MB), writeMs, readAndValidateMs: readMs };
  }

  sampler.reset();
  const loadStart = performance.now();
  const [sf, sfMs] = await time(() => startSalesforceEmulator({ port: 0, now: fixture.now, fixture: fixture.salesforce }));
  const [pendo, pendoMs] = await time(() => startPendoEmulator({ port: 0, now: fixture.now, fixture: fixture.pendo }));
  const [px, pxMs] = await time(() => startPxEmulator({ port: 0, now: fixture.now, fixture: fixture.px }));
  const loadMs = Math.round(performance.now() - loadStart);

  // One realistic call against each usage API at this scale (first call builds the time index).
  const [aggRes, pendoAggMs] = await time(async () => {
    const r = await fetch(`${pendo.url}/api/v1/aggregation`, {
      method: "POST",
      headers: { "x-pendo-integration-key": "demo-pendo-key", "content-type": "application/json" },
      body: JSON.stringify({
        request: {
          pipeline: [
            { source: { events: null, timeSeries: { period: "dayRange", first: "now() - 30 * 24 * 60 * 60 * 1000", count: 30 } } },
            { identified: "visitorId" },
            { group: { group: ["accountId"], fields: { activeVisitors: { count: "visitorId" }, numEvents: { sum: "numEvents" } } } },
          ],
        },
      }),
    });
    return (await r.json()) as { results: unknown[] };
  });
  const since = new Date(Date.parse(fixture.now!) - 2 * 86_400_000).toISOString();
  const [pxPage, pxPageMs] = await time(async () => {
    const r = await fetch(`${px.url}/v1/events/session?pageSize=500&filter=${encodeURIComponent(`date>=${since}`)}`, { headers: { "x-aptrinsic-api-key": "demo-px-key" } });
    return (await r.json()) as { totalHits: number };
  });
  const loadPeak = sampler.peakMB();
  await Promise.all([sf.close(), pendo.close(), px.close()]);
  await sampler.stop();
  return {
    accounts,
    generate: { ms: genMs, peakRssMB: genPeak, baseRssMB: baseMB, eventRows, salesforceRecords: sfRecords },
    load: { ms: loadMs, salesforceMs: sfMs, pendoMs, pxMs, peakRssMB: loadPeak, note: "peak includes the generated fixture still held in memory" },
    queries: { pendoActivity30dMs: pendoAggMs, pendoAccountsWithActivity: aggRes.results.length, pxSessionsLast2dFirstPageMs: pxPageMs, pxSessionsLast2d: pxPage.totalHits },
    ...(file ? { file } : {}),
    processPeakRssMB: vmHwmMB(),
    counts,
  };
}

function childRun(script: string, accounts: number, writeDir: string | undefined): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    const args = [...process.execArgv, "--max-old-space-size=16384", script, "--child", String(accounts), ...(writeDir ? ["--write-dir", writeDir] : [])];
    const child = spawn(process.execPath, args, { stdio: ["ignore", "pipe", "inherit"] });
    let out = "";
    child.stdout.on("data", (d: Buffer) => (out += d.toString()));
    child.on("error", reject);
    child.on("exit", (code) => {
      if (code !== 0) return reject(new Error(`bench child for ${accounts} accounts exited with ${code}`));
      try {
        resolve(JSON.parse(out) as Record<string, unknown>);
      } catch (e) {
        reject(e);
      }
    });
  });
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const arg = (name: string) => {
    const i = argv.indexOf(name);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const writeDir = arg("--write-dir");
  const child = arg("--child");
  if (child) {
    process.stdout.write(JSON.stringify(await runChild(Number(child), writeDir)));
    process.exit(0);
  }
  const sizes = (arg("--sizes") ?? "10000,100000").split(",").map(Number);
  const script = fileURLToPath(import.meta.url);
  const results = [];
  for (const n of sizes) {
    process.stderr.write(`bench: ${n} accounts…\n`);
    results.push(await childRun(script, n, writeDir));
  }
  console.log(
    JSON.stringify(
      { node: process.version, cpus: cpus().length, cpuModel: cpus()[0]?.model, totalMemMB: Math.round(totalmem() / MB), seed: 42, days: 100, results },
      null,
      2,
    ),
  );
}

void main();
