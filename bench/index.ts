import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { constants } from "node:os";

// `npm run bench -- <scenario> [args]`: runs one benchmark in its own Node process (so its
// timings and peak memory are its own, not this dispatcher's), passing the remaining args through.
// A new scenario is one entry here.
const SCENARIOS: Record<string, { file: string; about: string }> = {
  pull: { file: "pull.ts", about: "first pull and no-change re-pull of all three systems vs. their read floor + COPY  [--accounts N] [--users-scale N] [--months N]" },
  sync: { file: "sync.ts", about: "first full sync and no-change resync vs. a one-call-per-record baseline  [--accounts N] [--users-scale N] [--baseline-concurrency N]" },
  usage: { file: "usage.ts", about: "usage backfill, re-read and KPI snapshot of Pendo and PX; KPI SQL vs. a plain scan, plans  [--accounts N] [--users N] [--days N]" },
  backtest: { file: "backtest.ts", about: "sync, KPI history and backtest of the default health model on the demo's data: AUC at 30/60/90 days  [--accounts 200] [--days 100] [--seed 42]" },
  accounts: { file: "accounts.ts", about: "Accounts list sorts, filters and export at 10,000 and 100,000 accounts seeded by SQL, without and with (as migrated) the HealthScore index  [--accounts N] [--runs 20] [--reuse 1]" },
  load: { file: "load.ts", about: "pages under 20 concurrent clients against a production build (npm run build first): accounts list and page, sync history, a run of 10,000 records  [--accounts N] [--runs 100000] [--records 10000] [--connections 20] [--per-client 2] [--reuse 1]" },
  matching: { file: "matching.ts", about: "matching time and memory on synthetic data  [accounts] [users]" },
  "first-load": { file: "first-load.ts", about: "bytes the sign-in page downloads (needs `npx next build`)" },
};

const [scenario, ...args] = process.argv.slice(2);
const entry = scenario ? SCENARIOS[scenario] : undefined;
if (!entry) {
  const help = scenario === "--help" || scenario === "-h";
  if (scenario && !help) console.error(`unknown scenario "${scenario}"\n`);
  console.error("usage: npm run bench -- <scenario> [args]\n\nscenarios:");
  const width = Math.max(...Object.keys(SCENARIOS).map((s) => s.length));
  for (const [name, s] of Object.entries(SCENARIOS)) console.error(`  ${name.padEnd(width)}  ${s.about}`);
  process.exit(help ? 0 : 2);
}

// The scenarios import "@/…" (tsconfig paths, which tsx reads from the working directory) and
// name sibling files relative to the project root, so they run from the root whatever the caller's
// directory; tsx is resolved from this project for the same reason.
const root = fileURLToPath(new URL("..", import.meta.url));
const child = spawn(process.execPath, ["--import", import.meta.resolve("tsx"), `bench/${entry.file}`, ...args], { stdio: "inherit", cwd: root });
// Ctrl-C reaches the child through the terminal's process group; a plain `kill` of this process
// would not, so pass SIGTERM on and let the child clean up (it stops its servers and children).
process.on("SIGTERM", () => child.kill("SIGTERM"));
process.on("SIGINT", () => undefined);
child.on("exit", (code, signal) => {
  process.exit(code ?? 128 + (signal ? (constants.signals[signal] ?? 0) : 0));
});
