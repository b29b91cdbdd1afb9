import { connectDemo } from "@/lib/integrations/connect-demo";
import { runPull } from "@/lib/sync/pull/run-pull";
import { db } from "@/lib/db";

// The worker's side of bench/pull.ts, in its own process so its peak memory is the pulls' alone:
// connects the three emulators as the demo does, pulls Salesforce, Pendo and PX (each followed by
// the product's matching), then pulls all three again with nothing changed. One JSON line on stdout.

export interface PullFigures {
  mode: string;
  /** Wall time of the call, as a caller (the worker) waits for it; includes matching. */
  seconds: number;
  matchSeconds?: number;
  /** Records read, by object (the summary's per-object `read`). */
  read: Record<string, number>;
  stats: unknown;
  apiCalls: Record<string, number>;
  /** This process's high-water RSS after the call (never decreases: cumulative over the run). */
  peakRssMb: number;
}

/** The product's public pull entry point. The only place here that knows where it lives and what its summary looks like. */
async function pull(integrationId: string): Promise<PullFigures> {
  const started = performance.now();
  const summary = await runPull(integrationId, { trigger: "bench" });
  const seconds = (performance.now() - started) / 1000;
  const stats = summary.stats as Record<string, { read?: number }>;
  // Written so it still compiles if a later summary drops the field.
  const matchSeconds = "matchSeconds" in summary && typeof summary.matchSeconds === "number" ? summary.matchSeconds : undefined;
  return {
    mode: summary.mode,
    seconds,
    matchSeconds,
    read: Object.fromEntries(Object.entries(stats).map(([object, s]) => [object, s.read ?? 0])),
    stats: summary.stats,
    apiCalls: summary.apiCalls,
    peakRssMb: process.resourceUsage().maxRSS / 1024,
  };
}

const SYSTEMS = ["SALESFORCE", "PENDO", "PX"] as const;
const connected = await connectDemo({ actor: null, ip: "bench" });
if (connected.some((c) => !c.ok)) throw new Error(JSON.stringify(connected));
const ids = Object.fromEntries(await Promise.all(SYSTEMS.map(async (system) => [system, (await db.integration.findFirstOrThrow({ where: { system } })).id] as const)));
// Only with --months: otherwise the first Salesforce pull reads whatever the product's default is.
const months = process.env.BENCH_FIRST_PULL_MONTHS;
if (months) await db.integration.update({ where: { id: ids.SALESFORCE }, data: { pullSettings: { firstPullMonths: Number(months) } } });

const first: Record<string, PullFigures> = {};
const repull: Record<string, PullFigures> = {};
for (const system of SYSTEMS) {
  console.error(`bench: first pull of ${system}…`);
  first[system] = await pull(ids[system]!);
  console.error(`bench:   ${first[system].seconds.toFixed(1)} s, ${Math.round(first[system].peakRssMb)} MB peak`);
}
for (const system of SYSTEMS) {
  console.error(`bench: no-change re-pull of ${system}…`);
  repull[system] = await pull(ids[system]!);
  console.error(`bench:   ${repull[system].seconds.toFixed(1)} s, ${Math.round(repull[system].peakRssMb)} MB peak`);
}
await db.$disconnect();
process.stdout.write(`${JSON.stringify({ first, repull })}\n`);
process.exit(0);
