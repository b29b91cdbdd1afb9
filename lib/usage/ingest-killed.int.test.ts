import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

// A worker killed mid-ingestion and restarted gives the same rollups (issue 12), with a real kill:
// `cli sync --inline` runs in a child process against the emulators over HTTP (ports 3261-3263),
// is sent SIGKILL once its usage step has committed a batch of days, and a second `cli sync
// --inline` resumes the run it left, as any later Synchronize of that tool would. The rollups then
// equal those of an uninterrupted ingestion of the same data.
vi.hoisted(() => {
  vi.stubEnv("SALESFORCE_EMULATOR_URL", "http://127.0.0.1:3261");
  vi.stubEnv("PENDO_EMULATOR_URL", "http://127.0.0.1:3262");
  vi.stubEnv("PX_EMULATOR_URL", "http://127.0.0.1:3263/v1");
  vi.stubEnv("SECRETS_KEY", Buffer.alloc(32, 9).toString("base64"));
});

import { spawn, type ChildProcess } from "node:child_process";
import { generateDemoData } from "@/emulators/generator/generate";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { childProcessEnv } from "@/lib/testing/child-env";
import { connectedHub } from "@/lib/testing/connected-hub";
import { until } from "@/lib/testing/emulator-calls";
import { stopWorker } from "@/lib/testing/worker-process";
import { addDays, daysIn } from "@/lib/usage/days";
import { comparable, forgetUsage, runUsage, usageSnapshot } from "@/lib/usage/test-support";

const fixture = generateDemoData({ seed: 41, accounts: 30 });
let teardown: () => Promise<void> = async () => undefined;

/** Each tool's usage endpoints, slowed while the first process runs so the kill lands mid-backfill. */
const TOOLS = [
  { system: "PENDO" as const, option: "pendo", admin: () => env.PENDO_EMULATOR_URL!, usagePath: "/api/v1/aggregation" },
  { system: "PX" as const, option: "px", admin: () => env.PX_EMULATOR_URL!.replace(/\/v1$/, ""), usagePath: "/v1/events/" },
];

async function setFaults(adminUrl: string, spec: string) {
  const res = await fetch(`${adminUrl}/__emulator/faults`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ spec }) });
  expect(res.ok, await res.text()).toBe(true);
}

/** `cli sync --inline` in a child process; resolves with its exit code and output once it ends. */
function syncInChild(option: string): { child: ChildProcess; ended: Promise<{ code: number | null; signal: NodeJS.Signals | null; output: string }> } {
  const child = spawn(process.execPath, ["--import", "tsx", "scripts/cli.ts", "sync", "--inline", "--integration", option], {
    env: childProcessEnv({ LOG_LEVEL: "warn" }),
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout!.on("data", (d: Buffer) => (output += d.toString()));
  child.stderr!.on("data", (d: Buffer) => (output += d.toString()));
  const ended = new Promise<{ code: number | null; signal: NodeJS.Signals | null; output: string }>((resolve) => child.once("exit", (code, signal) => resolve({ code, signal, output })));
  return { child, ended };
}

const usageStepOf = (integrationId: string) =>
  db.syncStep.findFirst({ where: { integrationId, name: "usage", run: { kind: "SYNC", trigger: "cli" } }, orderBy: { startedAt: "desc" } });

beforeAll(async () => {
  teardown = await connectedHub(fixture, 3261);
});

afterAll(async () => {
  for (const t of TOOLS) await setFaults(t.admin(), "").catch(() => undefined);
  await teardown();
});

describe.each(TOOLS)("$system usage, ingested by a process killed mid-backfill", ({ system, option, admin, usagePath }) => {
  it("resumes in the run the killed process left, after its last committed batch, to the rollups of an uninterrupted ingestion", async () => {
    const tool = await db.integration.findFirstOrThrow({ where: { system } });

    // The uninterrupted ingestion of the same data, through the same step executor.
    await runUsage(tool);
    const reference = await usageSnapshot(tool.id);
    const window = reference.coverage!;
    expect(daysIn(window.firstDay, window.lastDay)).toBe(180);
    expect(reference.userDays.length).toBeGreaterThan(50);
    await forgetUsage(tool.id);

    // Each usage request held 100 ms: a backfill of 26 weeks takes well over ten seconds.
    await setFaults(admin(), `slow:path=${usagePath},ms=100`);
    let killed: ChildProcess | undefined;
    try {
      const first = syncInChild(option);
      killed = first.child;
      // The backfill's first weeks precede the fixture's data: wait for a committed batch with rows.
      const committed = await until(async () => {
        const step = await usageStepOf(tool.id);
        const usage = (step?.checkpoint as { usage?: { lastDay?: string | null } } | null)?.usage;
        return usage?.lastDay && (await db.usageUserDay.count({ where: { integrationId: tool.id } })) > 0 ? step : null;
      }, 90_000);
      await stopWorker(first.child, "SIGKILL");
      expect((await first.ended).signal).toBe("SIGKILL");

      // Some batches committed, not all: the kill landed inside the usage step.
      const left = await usageSnapshot(tool.id);
      expect(left.coverage!.firstDay).toBe(window.firstDay);
      expect(left.coverage!.lastDay >= addDays(window.firstDay, 6)).toBe(true);
      expect(left.coverage!.lastDay < window.lastDay).toBe(true);
      expect(left.userDays.length).toBeGreaterThan(0);
      expect(left.userDays.length).toBeLessThan(reference.userDays.length);
      const stopped = await db.syncStep.findUniqueOrThrow({ where: { id: committed.id }, include: { run: true } });
      expect(stopped.status).toBe("RUNNING");
      expect(stopped.run.status).toBe("RUNNING");
    } finally {
      await stopWorker(killed, "SIGKILL");
      await setFaults(admin(), "");
    }

    const second = syncInChild(option);
    const { code, output } = await second.ended;
    expect(code, output).toBe(0);

    // The same run, resumed: its usage step read each day of the window once in all.
    const runs = await db.syncRun.findMany({ where: { integrationId: tool.id, kind: "SYNC", trigger: "cli" }, include: { steps: true } });
    expect(runs.length).toBe(1);
    const run = runs[0]!;
    expect(run.status, run.error ?? "").toBe("SUCCEEDED");
    expect(run.attempts).toBe(2);
    const usage = run.steps.find((s) => s.name === "usage")!;
    expect(usage.status).toBe("SUCCEEDED");
    expect((usage.stats as Record<string, Record<string, number>>).userDays).toEqual({ days: daysIn(window.firstDay, window.lastDay), rows: reference.userDays.length });
    expect(run.steps.find((s) => s.name === "kpis")!.status).toBe("SUCCEEDED");

    expect(comparable(await usageSnapshot(tool.id))).toEqual(comparable(reference));
  }, 180_000);
});
