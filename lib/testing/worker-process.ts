import { spawn, type ChildProcess } from "node:child_process";
import { childProcessEnv } from "@/lib/testing/child-env";

// A real worker process (workers/index.ts) on this test run's database, queue prefix, Redis and
// emulators: tests that kill a worker mid-step, or run two on one Redis, use it.

export function startWorker(env: Record<string, string> = {}): ChildProcess {
  return spawn(process.execPath, ["--import", "tsx", "workers/index.ts"], { env: childProcessEnv({ LOG_LEVEL: "warn", ...env }), stdio: "ignore" });
}

export async function stopWorker(worker: ChildProcess | undefined, signal: NodeJS.Signals = "SIGTERM"): Promise<void> {
  if (!worker || worker.exitCode !== null || worker.signalCode !== null) return;
  const exited = new Promise((r) => worker.once("exit", r));
  worker.kill(signal);
  await exited;
}
