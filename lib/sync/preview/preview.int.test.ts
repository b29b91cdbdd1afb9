import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

// Preview against in-process emulators over HTTP (ports 3371-3373): on a demo-like hub it reports
// the very writes the following real Synchronize makes (record by record, field by field), while
// writing nothing to any emulator and leaving push state, links, exceptions and cursors as they
// were; a second preview after the real run finds everything unchanged. Also: one preview per
// integration at a time, a killed one closed, a cancelled one stopped at a step boundary.
vi.hoisted(() => {
  vi.stubEnv("SALESFORCE_EMULATOR_URL", "http://127.0.0.1:3371");
  vi.stubEnv("PENDO_EMULATOR_URL", "http://127.0.0.1:3372");
  vi.stubEnv("PX_EMULATOR_URL", "http://127.0.0.1:3373/v1");
  vi.stubEnv("SECRETS_KEY", Buffer.alloc(32, 13).toString("base64"));
});

import { generateDemoData } from "@/emulators/generator/generate";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import type { IntegrationSystem } from "@/lib/generated/prisma/client";
import { DEMO_KEYS } from "@/lib/integrations/connect-demo";
import { connectedHub } from "@/lib/testing/connected-hub";
import { requestCancel } from "@/lib/sync/cancel";
import { runPull } from "@/lib/sync/pull/run-pull";
import { runSync } from "@/lib/sync/push/run-sync";
import { runUsageRefresh } from "@/lib/sync/usage-refresh/run-usage-refresh";
import { enqueuePreview } from "@/lib/sync/preview/enqueue-preview";
import { runPreview } from "@/lib/sync/preview/run-preview";
import { previewInline } from "@/lib/sync/preview/preview-from-cli";
import { previewText } from "@/lib/sync/preview/preview-text";
import { getRunDetail } from "@/lib/sync/history/run-detail";
import { listRuns, runFilterSchema } from "@/lib/sync/history/list-runs";

const fixture = generateDemoData({ seed: 53, accounts: 40 });
let teardown: () => Promise<void> = async () => undefined;
const integration = (system: IntegrationSystem) => db.integration.findFirstOrThrow({ where: { system } });

async function emulatorJson(url: string, headers: Record<string, string> = {}) {
  const res = await fetch(url, { headers });
  expect(res.status, await res.clone().text()).toBe(200);
  return res.json() as Promise<Record<string, unknown>>;
}

/** Every PX account or user as the emulator holds it, page by page. */
async function pxAll(kind: "accounts" | "users") {
  const rows: unknown[] = [];
  let scrollId: string | undefined;
  for (;;) {
    const page = await emulatorJson(`${env.PX_EMULATOR_URL}/${kind}?pageSize=1000${scrollId ? `&scrollId=${encodeURIComponent(scrollId)}` : ""}`, { "x-aptrinsic-api-key": DEMO_KEYS.px });
    const batch = page[kind] as unknown[];
    if (batch.length === 0) return rows;
    rows.push(...batch);
    scrollId = page.scrollId as string;
  }
}

/** What the emulators hold (every Salesforce record and its count of field writes, PX's accounts and users). */
async function emulatorState() {
  const salesforce = await emulatorJson(`${env.SALESFORCE_EMULATOR_URL}/__emulator/fixture`);
  const writes = await emulatorJson(`${env.SALESFORCE_EMULATOR_URL}/__emulator/field-writes`);
  return { salesforce: salesforce.objects, writes, px: { accounts: await pxAll("accounts"), users: await pxAll("users") } };
}

/** The hub state a later real run relies on. */
async function hubState() {
  const [pushState, links, exceptions, pullCursors, usageCursors] = await Promise.all([
    db.pushState.findMany({ orderBy: [{ integrationId: "asc" }, { targetSystem: "asc" }, { object: "asc" }, { recordId: "asc" }] }),
    db.matchLink.findMany({ orderBy: [{ integrationId: "asc" }, { entity: "asc" }, { analyticsId: "asc" }] }),
    db.matchException.findMany({ orderBy: [{ integrationId: "asc" }, { entity: "asc" }, { analyticsId: "asc" }] }),
    db.pullCursor.findMany(),
    db.usageCursor.findMany(),
  ]);
  return JSON.parse(JSON.stringify({ pushState, links, exceptions, pullCursors, usageCursors })) as unknown;
}

/** A run's writes into the vendors, record by record: "system object id" → fields before → after. */
async function writesOf(runId: string, outcome: string) {
  const rows = await db.syncRecordResult.findMany({ where: { runId, outcome, operation: "update", step: { name: { contains: "push." } } }, orderBy: { id: "asc" } });
  return new Map(rows.map((r) => [`${r.system} ${r.object} ${r.recordId}`, r.fields]));
}

beforeAll(async () => {
  teardown = await connectedHub(fixture, 3371);
  // The hub as a demo has it before its first Synchronize: pulled, matched, usage and health scored.
  for (const system of ["SALESFORCE", "PX", "PENDO"] as const) {
    const pulled = await runPull((await integration(system)).id, { trigger: "test" });
    expect(pulled.status, pulled.error).toBe("SUCCEEDED");
  }
  await runUsageRefresh((await integration("PX")).id, { trigger: "test" });
});

afterAll(() => teardown());

describe("Preview", () => {
  it("reports the writes the next Synchronize makes, writes nothing, and finds nothing left after it", async () => {
    const px = await integration("PX");
    const [emulatorBefore, hubBefore] = [await emulatorState(), await hubState()];

    const preview = await runPreview(px.id, { trigger: "cli" });
    expect(preview.status, preview.error).toBe("SUCCEEDED");
    const run = await db.syncRun.findUniqueOrThrow({ where: { id: preview.runId }, include: { steps: { orderBy: { position: "asc" } } } });
    expect(run.kind).toBe("PREVIEW");
    expect(run.steps.map((s) => `${s.name}:${s.status}`)).toEqual(["preview.match:SUCCEEDED", "preview.push.salesforce:SUCCEEDED", "preview.push.px:SUCCEEDED", "preview.budget:SUCCEEDED"]);
    const summary = preview.summary!;
    expect(summary.objects.map((o) => `${o.system} ${o.object}`)).toEqual(["salesforce account", "salesforce contact", "px account", "px user"]);
    const updates = summary.objects.reduce((n, o) => n + o.updates, 0);
    expect(updates).toBeGreaterThan(0);
    expect(summary.objects.every((o) => o.creates === 0)).toBe(true);
    expect(summary.samples.length).toBeGreaterThan(0);
    expect(summary.matching).toEqual([expect.objectContaining({ tool: "px" })]);
    expect(summary.matching[0]!.accounts.wouldLink + summary.matching[0]!.accounts.wouldUnlink).toBe(0);
    // The budget step read the allowance: one run may use part of it, and the writes fit.
    expect(summary.budget).toMatchObject({ fits: true });
    expect(summary.budget!.allowed).toBeGreaterThan(0);
    expect(summary.apiCalls.find((c) => c.system === "salesforce")!.writes).toBeGreaterThan(0);
    expect(JSON.parse(JSON.stringify(run.scope))).toEqual(JSON.parse(JSON.stringify(summary)));
    expect(previewText(preview)).toMatch(/^Preview of Gainsight PX Synchronize \(run .*\): succeeded; nothing was written\n/);

    // Nothing written: not to Salesforce, not to PX, and no push state, link or cursor moved.
    expect(await emulatorState()).toEqual(emulatorBefore);
    expect(await hubState()).toEqual(hubBefore);
    const previewed = await writesOf(preview.runId, "would-write");
    expect(previewed.size).toBe(updates);
    // The run page and the history read it as a preview: its findings without the sample of values, its writes filterable.
    const detail = (await getRunDetail(preview.runId))!;
    expect(detail.preview).toMatchObject({ objects: summary.objects, budget: summary.budget });
    expect(detail.preview).not.toHaveProperty("samples");
    expect(detail.outcomes).toContainEqual({ outcome: "would-write", count: updates });
    expect((await listRuns(runFilterSchema.parse({ kind: "preview" }))).runs.map((r) => r.id)).toEqual([preview.runId]);

    // The real run writes exactly those records, with the same values.
    const real = await runSync(px.id, { trigger: "test" });
    expect(real.status, real.error).toBe("SUCCEEDED");
    const written = await writesOf(real.runId, "succeeded");
    expect([...written.keys()].sort()).toEqual([...previewed.keys()].sort());
    for (const [key, fields] of previewed) expect(written.get(key), key).toEqual(fields);
    expect(await emulatorState()).not.toEqual(emulatorBefore);
    expect(await hubState()).not.toEqual(hubBefore);

    // A second preview (as `cli sync --dry-run --integration px` runs it): the real run left nothing to write.
    const again = await previewInline("PX");
    expect(again.runId).not.toBe(preview.runId);
    expect(again.status, again.error).toBe("SUCCEEDED");
    expect(again.summary!.objects.map((o) => o.updates)).toEqual([0, 0, 0, 0]);
    expect(again.summary!.objects.reduce((n, o) => n + o.unchanged, 0)).toBe(updates);
    expect((await writesOf(again.runId, "would-write")).size).toBe(0);
  });

  it("previews every tool from Salesforce in one run, and a second request joins the queued one", async () => {
    const sf = await integration("SALESFORCE");
    const first = await enqueuePreview(sf.id, "admin@example.com");
    expect(first.started).toBe(true);
    expect(await enqueuePreview(sf.id, "admin@example.com")).toEqual({ runId: first.runId, started: false });
    expect(await db.syncRun.findUniqueOrThrow({ where: { id: first.runId } })).toMatchObject({ kind: "PREVIEW", status: "QUEUED", trigger: "manual" });

    const result = await runPreview(sf.id, { trigger: "manual", triggeredBy: "admin@example.com", runId: first.runId });
    expect(result.runId).toBe(first.runId);
    expect(result.status, result.error).toBe("SUCCEEDED");
    expect(result.summary!.matching.map((m) => m.tool).sort()).toEqual(["pendo", "px"]);
    const steps = await db.syncStep.findMany({ where: { runId: first.runId }, orderBy: { position: "asc" } });
    expect(steps.map((s) => s.name)).toEqual(["preview.match", "preview.match", "preview.push.salesforce", expect.stringMatching(/^preview\.push\.(pendo|px)$/), "preview.push.salesforce", expect.stringMatching(/^preview\.push\.(pendo|px)$/), "preview.budget"]);
    // Pendo has not been synchronized: its writes are still to do.
    expect(result.summary!.objects.filter((o) => o.tool === "pendo").reduce((n, o) => n + o.updates, 0)).toBeGreaterThan(0);
    // Once finished, the job of the same run (a retry) does nothing more.
    const replay = await runPreview(sf.id, { trigger: "manual", runId: first.runId });
    expect(replay).toMatchObject({ runId: first.runId, status: "SUCCEEDED" });
    expect(await db.syncStep.count({ where: { runId: first.runId } })).toBe(steps.length);
  });

  it("closes a preview a killed worker left, and starts its own job's run again from nothing", async () => {
    const px = await integration("PX");
    const orphan = await db.syncRun.create({ data: { integrationId: px.id, system: "PX", kind: "PREVIEW", trigger: "manual", status: "RUNNING" } });
    const mine = await db.syncRun.create({ data: { integrationId: px.id, system: "PX", kind: "PREVIEW", trigger: "manual", status: "RUNNING" } });
    await db.syncStep.create({ data: { runId: mine.id, position: 0, name: "preview.match", integrationId: px.id, status: "RUNNING" } });

    const result = await runPreview(px.id, { trigger: "manual", runId: mine.id });
    expect(result.runId).toBe(mine.id);
    expect(result.status, result.error).toBe("SUCCEEDED");
    expect(await db.syncRun.findUniqueOrThrow({ where: { id: mine.id } })).toMatchObject({ status: "SUCCEEDED", attempts: 2 });
    expect(await db.syncStep.count({ where: { runId: mine.id } })).toBe(4);
    expect(await db.syncRun.findUniqueOrThrow({ where: { id: orphan.id } })).toMatchObject({ status: "FAILED", error: expect.stringMatching(/worker stopped during this preview\. Nothing was written/) });
  });

  it("stops at the next step boundary when cancelled, and writes nothing", async () => {
    const px = await integration("PX");
    const run = await db.syncRun.create({ data: { integrationId: px.id, system: "PX", kind: "PREVIEW", trigger: "manual", status: "RUNNING" } });
    const admin = await db.user.create({ data: { email: "cancel-preview@example.com", role: "ADMIN", name: "Admin", passwordHash: "x" } });
    expect(await requestCancel(run.id, { id: admin.id, email: admin.email })).toEqual({ status: "CANCELLING" });

    const result = await runPreview(px.id, { trigger: "manual", runId: run.id });
    expect(result.status).toBe("CANCELLED");
    const steps = await db.syncStep.findMany({ where: { runId: run.id } });
    expect(steps.every((s) => s.status === "SKIPPED")).toBe(true);
    expect(await db.syncRecordResult.count({ where: { runId: run.id } })).toBe(0);
  });
});
