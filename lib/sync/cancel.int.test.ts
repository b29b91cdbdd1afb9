import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

// Cancel (issue 11) against the emulators over HTTP (ports 3341-3343): a running Synchronize stops at
// its next chunk boundary and is CANCELLED; everything it wrote is committed with its push state
// and results, the steps it did not reach are SKIPPED, and the next run writes only the rest.
vi.hoisted(() => {
  vi.stubEnv("SALESFORCE_EMULATOR_URL", "http://127.0.0.1:3341");
  vi.stubEnv("PENDO_EMULATOR_URL", "http://127.0.0.1:3342");
  vi.stubEnv("PX_EMULATOR_URL", "http://127.0.0.1:3343/v1");
  vi.stubEnv("SECRETS_KEY", Buffer.alloc(32, 9).toString("base64"));
});

import { generateDemoData } from "@/emulators/generator/generate";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { connectedHub } from "@/lib/testing/connected-hub";
import { runSync } from "@/lib/sync/push/run-sync";
import { enqueueSync } from "@/lib/sync/push/enqueue-sync";
import { cancelRequestedBy, requestCancel } from "@/lib/sync/cancel";

const fixture = generateDemoData({ seed: 53, accounts: 120 });
let teardown: () => Promise<void> = async () => undefined;
let admin: { id: string; email: string };

beforeAll(async () => {
  teardown = await connectedHub(fixture, 3341);
  const user = await db.user.create({ data: { email: "admin@cancel.test", role: "ADMIN", passwordHash: null } });
  admin = { id: user.id, email: user.email };
});

afterAll(() => teardown());

const salesforceFaults = (spec: string) =>
  fetch(`${env.SALESFORCE_EMULATOR_URL}/__emulator/faults`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ spec }) });

async function waitFor<T>(probe: () => Promise<T | null | undefined>, what: string, ms = 60_000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const found = await probe();
    if (found) return found;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe("Cancel", () => {
  it("a queued run is cancelled at once, and its job then does nothing", async () => {
    const px = await db.integration.findFirstOrThrow({ where: { system: "PX" } });
    const { runId } = await enqueueSync(px.id, "manual", admin.email);
    expect(await requestCancel(runId, admin)).toEqual({ status: "CANCELLED" });
    const summary = await runSync(px.id, { trigger: "manual", runId });
    expect(summary).toMatchObject({ runId, status: "CANCELLED" });
    expect(await db.syncStep.count({ where: { runId, status: { not: "PENDING" } } })).toBe(0);
    const audit = await db.auditLog.findFirstOrThrow({ where: { action: "run.cancel", targetId: runId } });
    expect(audit.actorEmail).toBe(admin.email);
    await expect(requestCancel(runId, admin)).rejects.toMatchObject({ code: "CONFLICT" });
  });

  it("a running Synchronize stops at the next chunk, keeps what it wrote, and the next run writes only the rest", async () => {
    const px = await db.integration.findFirstOrThrow({ where: { system: "PX" } });
    // Each Collections call takes a while, so the push is still running when the cancel comes.
    expect((await salesforceFaults("slow:path=/composite/sobjects,ms=2500")).ok).toBe(true);
    const running = runSync(px.id, { trigger: "manual", triggeredBy: admin.email });
    const run = await waitFor(() => db.syncRun.findFirst({ where: { integrationId: px.id, kind: "SYNC", status: "RUNNING" } }), "the run");
    // Wait until the push has committed at least one chunk.
    await waitFor(async () => {
      const push = await db.syncStep.findFirst({ where: { runId: run.id, name: "push.salesforce", status: "RUNNING" } });
      return push && (await db.syncRecordResult.count({ where: { runId: run.id, stepId: push.id, outcome: "succeeded" } })) > 0 ? push : null;
    }, "the first pushed chunk");
    expect(await requestCancel(run.id, admin)).toEqual({ status: "CANCELLING" });
    expect(await cancelRequestedBy(run.id)).toBe(admin.email);
    const summary = await running;
    expect((await salesforceFaults("")).ok).toBe(true);

    expect(summary.status).toBe("CANCELLED");
    const closed = await db.syncRun.findUniqueOrThrow({ where: { id: run.id }, include: { steps: { orderBy: { position: "asc" } } } });
    expect(closed.status).toBe("CANCELLED");
    expect(closed.error).toContain(`Cancelled by ${admin.email}`);
    const push = closed.steps.find((s) => s.name === "push.salesforce")!;
    // The cancel lands at the next boundary: inside the push (its step says where it stopped) or,
    // on a loaded machine where the last chunk was already on its way, before the next step.
    const stopped = push.status === "SKIPPED";
    if (stopped) expect(push.error).toContain("Stopped after its last committed batch");
    else expect(push.status).toBe("SUCCEEDED");
    const after = closed.steps.filter((s) => s.position > push.position);
    expect(after.length).toBeGreaterThan(0);
    expect(after.every((s) => s.status === "SKIPPED" && (s.error ?? "").startsWith("Not run: Cancelled by"))).toBe(true);
    expect(closed.steps.some((s) => s.status === "RUNNING" || s.status === "PENDING")).toBe(false);

    // Consistent: every record reported written has its push state, and nothing else does.
    const written = await db.syncRecordResult.findMany({ where: { runId: run.id, stepId: push.id, outcome: "succeeded" }, select: { recordId: true, object: true } });
    expect(written.length).toBeGreaterThan(0);
    expect(await db.pushState.count({ where: { integrationId: px.id, targetSystem: "salesforce" } })).toBe(written.length);

    // The next run writes the rest, nothing twice; the one after writes nothing.
    const rest = await runSync(px.id, { trigger: "manual" });
    expect(rest.status, rest.error).toBe("SUCCEEDED");
    const again = await db.syncRecordResult.findMany({ where: { runId: rest.runId, outcome: "succeeded", system: "salesforce" }, select: { recordId: true, object: true } });
    const key = (r: { recordId: string; object: string }) => `${r.object}:${r.recordId}`;
    const firstKeys = new Set(written.map(key));
    expect(again.filter((r) => firstKeys.has(key(r)))).toEqual([]);
    if (stopped) expect(again.length).toBeGreaterThan(0);
    const third = await runSync(px.id, { trigger: "manual" });
    expect(third.push!.accounts.written + third.push!.contacts.written).toBe(0);
    // The flag is gone once the run stopped.
    expect(await cancelRequestedBy(run.id)).toBeNull();
  }, 180_000);
});
