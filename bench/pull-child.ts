import { connectDemo } from "@/lib/integrations/connect-demo";
import { runPull } from "@/lib/sync/pull/run-pull";
import { db } from "@/lib/db";

// The worker's side of bench/pull.ts, in its own process so its peak memory is the pull's alone.
const results = [];
const connected = await connectDemo({ actor: null, ip: "bench" });
if (connected.some((c) => !c.ok)) throw new Error(JSON.stringify(connected));
const months = Number(process.env.BENCH_FIRST_PULL_MONTHS ?? 6);
for (const system of ["SALESFORCE", "PENDO", "PX"] as const) {
  const integration = await db.integration.findFirstOrThrow({ where: { system } });
  if (system === "SALESFORCE") await db.integration.update({ where: { id: integration.id }, data: { pullSettings: { firstPullMonths: months } } });
  const started = performance.now();
  const summary = await runPull(integration.id, "bench");
  results.push({
    system,
    mode: summary.mode,
    seconds: Math.round((performance.now() - started) / 100) / 10,
    matchSeconds: Math.round(summary.matchSeconds * 10) / 10,
    stats: summary.stats,
    apiCalls: summary.apiCalls,
    matching: summary.matching.map((m) => ({ accounts: m.accounts.matched, users: m.contacts.matched })),
    maxRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
  });
}
await db.$disconnect();
process.stdout.write(`${JSON.stringify(results)}\n`);
process.exit(0);
