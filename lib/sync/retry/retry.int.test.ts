import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

// Retries and dismissals against in-process emulators over HTTP (ports 3361-3363), the real
// database and Redis: Salesforce refuses a few chosen accounts with a validation rule (the
// emulator's /__emulator/validation-rules); each Synchronize sends them again (the automatic retry)
// until the cause is fixed or an admin dismisses one; a retry is a run of its own that writes only
// the failed records with the hub's values; a dismissed record is skipped while its payload is the
// one refused and written once its values change; only admins may retry or dismiss.
vi.hoisted(() => {
  vi.stubEnv("SALESFORCE_EMULATOR_URL", "http://127.0.0.1:3361");
  vi.stubEnv("PENDO_EMULATOR_URL", "http://127.0.0.1:3362");
  vi.stubEnv("PX_EMULATOR_URL", "http://127.0.0.1:3363/v1");
  vi.stubEnv("SECRETS_KEY", Buffer.alloc(32, 13).toString("base64"));
});

const session = vi.hoisted(() => ({ user: null as import("@/lib/auth/session").CurrentUser | null }));
vi.mock("@/lib/auth/session", () => ({ getCurrentUser: async () => session.user }));

import { execFile } from "node:child_process";
import { promisify } from "node:util";
import type { Job } from "bullmq";
import { generateDemoData } from "@/emulators/generator/generate";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import type { CurrentUser } from "@/lib/auth/session";
import { getQueue } from "@/lib/queue/producer";
import { childProcessEnv } from "@/lib/testing/child-env";
import { connectedHub } from "@/lib/testing/connected-hub";
import { sfRest } from "@/lib/testing/emulator-calls";
import { runSync } from "@/lib/sync/push/run-sync";
import { dismissRecord } from "@/lib/sync/retry/dismiss-record";
import { undoDismissal } from "@/lib/sync/retry/undo-dismissal";
import { retryRun } from "@/lib/sync/retry/retry-run";
import { retryFailedSince } from "@/lib/sync/retry/retry-failed-since";
import { runRetry } from "@/lib/sync/retry/run-retry";
import { loadRunPageWithRetries } from "@/lib/sync/retry/run-retry-view";
import { OPERATOR } from "@/lib/auth/data-scope";
import { recordFilterSchema } from "@/lib/sync/history/run-detail";
import { processJob } from "@/workers/processors/registry";
import { openCredentials, salesforceCredentialsSchema } from "@/lib/integrations/credentials";
import { POST as retryRoute } from "@/app/api/runs/[id]/retry/route";
import { POST as retryFailedRoute } from "@/app/api/runs/retry-failed/route";
import { DELETE as undismissRoute, POST as dismissRoute } from "@/app/api/dismissals/route";

const fixture = generateDemoData({ seed: 53, accounts: 40 });
let teardown: () => Promise<void> = async () => undefined;
const admin: CurrentUser = { id: "", email: "admin@retry.test", name: null, role: "ADMIN", mustChangePassword: false };
const csm: CurrentUser = { id: "", email: "csm@retry.test", name: null, role: "CSM", mustChangePassword: false };
const MESSAGE = "Health data must be reviewed by finance first";

async function sfAdmin(method: string, route: string, body?: unknown) {
  const res = await fetch(`${env.SALESFORCE_EMULATOR_URL}/__emulator/${route}`, { method, headers: { "content-type": "application/json" }, body: body === undefined ? undefined : JSON.stringify(body) });
  expect(res.ok, await res.clone().text()).toBe(true);
  return res.json() as Promise<unknown>;
}
const refuse = (recordIds: string[]) => sfAdmin("POST", "validation-rules", { rules: [{ object: "Account", recordIds, message: MESSAGE }] });
const fixTheCause = () => sfAdmin("DELETE", "validation-rules");

const px = () => db.integration.findFirstOrThrow({ where: { system: "PX" } });
const results = (runId: string, recordIds: string[]) => db.syncRecordResult.findMany({ where: { runId, recordId: { in: recordIds }, system: "salesforce", object: "account" }, orderBy: { id: "asc" } });
const outcomes = async (runId: string, recordIds: string[]) => Object.fromEntries((await results(runId, recordIds)).map((r) => [r.recordId, `${r.outcome}${r.errorCode ? `:${r.errorCode}` : ""}`]));
const pushState = (integrationId: string, recordId: string) =>
  db.pushState.findUnique({ where: { integrationId_targetSystem_object_recordId: { integrationId, targetSystem: "salesforce", object: "account", recordId } } });

function call(handler: (req: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>, method: string, path: string, body: unknown, params: Record<string, string> = {}) {
  const req = new Request(`http://localhost${path}`, { method, headers: { "content-type": "application/json", host: "localhost" }, body: JSON.stringify(body) });
  return handler(req, { params: Promise.resolve(params) });
}

/** Three linked PX accounts with a health score (so an override can change what is pushed to them). */
let refused: string[] = [];
let firstRunId = "";

beforeAll(async () => {
  teardown = await connectedHub(fixture, 3361);
  for (const user of [admin, csm]) user.id = (await db.user.create({ data: { email: user.email, role: user.role, passwordHash: null } })).id;
  const first = await runSync((await px()).id, { trigger: "test" });
  expect(first.status, first.error).toBe("SUCCEEDED");
  firstRunId = first.runId;
  const links = await db.matchLink.findMany({ where: { integrationId: (await px()).id, entity: "ACCOUNT" }, select: { salesforceId: true }, orderBy: { salesforceId: "asc" } });
  const scored = new Set((await db.healthScore.findMany({ where: { accountId: { in: links.map((l) => l.salesforceId) } }, select: { accountId: true } })).map((s) => s.accountId));
  refused = [...new Set(links.map((l) => l.salesforceId).filter((id) => scored.has(id)))].slice(0, 3);
  expect(refused).toHaveLength(3);
});

afterAll(async () => {
  await fixTheCause().catch(() => undefined);
  await teardown();
});

describe("retry and dismissal of refused writes", () => {
  it("rejects the refused accounts, sends them again on every Synchronize, and a retry after the fix writes only them, as a run of its own", async () => {
    const tool = await px();
    // As if never pushed, so the next sync writes these three again; Salesforce now refuses them.
    await db.pushState.deleteMany({ where: { integrationId: tool.id, targetSystem: "salesforce", object: "account", recordId: { in: refused } } });
    await refuse(refused);

    const sync = await runSync(tool.id, { trigger: "test" });
    expect(sync.status).toBe("PARTIAL");
    expect(sync.push!.accounts.rejected).toBe(3);
    const rejected = await results(sync.runId, refused);
    expect(rejected.map((r) => r.outcome)).toEqual(["rejected", "rejected", "rejected"]);
    for (const r of rejected) {
      expect(r.errorCode).toBe("FIELD_CUSTOM_VALIDATION_EXCEPTION");
      expect(r.message).toContain(`A validation rule on Account refused the record ("${MESSAGE}")`);
      expect(r.message).toContain(`Salesforce said: ${MESSAGE}`);
    }
    for (const id of refused) expect(await pushState(tool.id, id)).toBeNull();

    // The call behind the refusals, as sent: the request carries the three records, the answer
    // Salesforce's per-record errors; no credential is kept.
    const calls = await db.syncFailedCall.findMany({ where: { runId: sync.runId }, orderBy: { id: "asc" } });
    expect(calls.length).toBeGreaterThan(0);
    expect(calls.reduce((n, c) => n + c.refused, 0)).toBe(3);
    for (const c of calls) expect(c).toMatchObject({ system: "salesforce", label: "PATCH /composite/sobjects", method: "PATCH", path: "/composite/sobjects", status: 200 });
    const sent = calls.map((c) => c.request).join("\n");
    const answered = calls.map((c) => c.response).join("\n");
    for (const id of refused) expect(sent).toContain(`"Id":"${id}"`);
    expect(sent).toContain('"allOrNone":false');
    expect(answered).toContain("FIELD_CUSTOM_VALIDATION_EXCEPTION");
    expect(answered).toContain(MESSAGE);
    const { accessToken, refreshToken } = openCredentials(await db.integration.findFirstOrThrow({ where: { system: "SALESFORCE" } }), salesforceCredentialsSchema);
    for (const secret of [accessToken, refreshToken].filter(Boolean)) expect(`${sent}${answered}`).not.toContain(secret);

    // The automatic retry: the next Synchronize sends the same three again (nothing else changed).
    const again = await runSync(tool.id, { trigger: "test" });
    expect(again.push!.accounts).toMatchObject({ rejected: 3, written: 0 });
    expect(Object.values(await outcomes(again.runId, refused))).toEqual(Array(3).fill("rejected:FIELD_CUSTOM_VALIDATION_EXCEPTION"));

    // The cause is fixed; the admin retries one record, then the rest ("Retry all failed").
    await fixTheCause();
    const one = await retryRun(again.runId, [{ system: "salesforce", object: "account", recordId: refused[0]! }], admin);
    expect(one.started).toBe(true);
    const queuedRun = await db.syncRun.findUniqueOrThrow({ where: { id: one.runId } });
    expect(queuedRun).toMatchObject({ kind: "RETRY", trigger: "retry", triggeredBy: admin.email, status: "QUEUED", retryOfRunId: again.runId, integrationId: tool.id, system: "PX" });
    expect(queuedRun.scope).toEqual({ records: [{ integrationId: tool.id, system: "salesforce", object: "account", recordId: refused[0] }] });
    // Asking again while it is queued gets the same run; its job is in Redis, named after the run.
    expect(await retryRun(again.runId, [{ system: "salesforce", object: "account", recordId: refused[0]! }], admin)).toEqual({ runId: one.runId, started: false });
    const job = await getQueue("sync").getJob(`retry-${one.runId}`);
    expect(job?.name).toBe("sync.retry");
    expect(job?.data).toEqual({ runId: one.runId });

    // The worker's handler, as the registry dispatches it.
    const summary = (await processJob({ name: job!.name, data: job!.data, id: job!.id } as Job, { id: "test", hostname: "test", pid: process.pid } as never)) as { status: string };
    expect(summary.status).toBe("SUCCEEDED");
    const steps = await db.syncStep.findMany({ where: { runId: one.runId }, orderBy: { position: "asc" } });
    expect(steps.map((s) => `${s.name}:${s.status}`)).toEqual(["push.salesforce:SUCCEEDED"]);
    expect(await outcomes(one.runId, refused)).toEqual({ [refused[0]!]: "succeeded" });
    expect(await db.syncRecordResult.count({ where: { runId: one.runId } })).toBe(1);
    expect(await pushState(tool.id, refused[0]!)).not.toBeNull();
    expect(await db.syncRun.count({ where: { kind: "PULL" } })).toBe(0);

    const rest = await retryRun(again.runId, "all", admin);
    expect((await db.syncRun.findUniqueOrThrow({ where: { id: rest.runId } })).scope).toMatchObject({ records: expect.arrayContaining(refused.map((recordId) => expect.objectContaining({ recordId }))) });
    expect((await runRetry(rest.runId)).status).toBe("SUCCEEDED");
    // The first one was written already: the retry says so instead of leaving it out.
    expect(await outcomes(rest.runId, refused)).toEqual({ [refused[0]!]: "skipped:UP_TO_DATE", [refused[1]!]: "succeeded", [refused[2]!]: "succeeded" });
    for (const id of refused) expect((await pushState(tool.id, id))?.runId).toBe(id === refused[0] ? one.runId : rest.runId);

    // The retried run's page lists its retries; each retry's page names the run it retries.
    const page = await loadRunPageWithRetries(again.runId, recordFilterSchema.parse({ outcome: "failures" }), OPERATOR);
    expect(page!.retry.retries.map((r) => r.id).sort()).toEqual([one.runId, rest.runId].sort());
    expect(page!.retry.failedWrites).toBe(3);
    expect(Object.values(page!.retry.rows).every((r) => r.retryable && r.dismissable)).toBe(true);
    expect((await loadRunPageWithRetries(rest.runId, recordFilterSchema.parse({}), OPERATOR))!.retry).toMatchObject({ retryOf: { id: again.runId }, records: 3 });

    // Nothing is still failing since the first sync: "retry all failed since" has nothing to do.
    await expect(retryFailedSince(new Date(Date.now() - 3600_000), null, admin)).rejects.toThrow(/nothing to retry/);
  });

  it("a dismissed record is skipped while its payload is unchanged, and written again once its values change", async () => {
    const tool = await px();
    const began = new Date(Date.now() - 1000);
    const [kept, dismissed] = refused as [string, string];
    await db.pushState.deleteMany({ where: { integrationId: tool.id, targetSystem: "salesforce", object: "account", recordId: { in: [kept, dismissed] } } });
    await refuse([kept, dismissed]);
    const sync = await runSync(tool.id, { trigger: "test" });
    const refusal = (await results(sync.runId, [dismissed]))[0]!;
    expect(refusal.outcome).toBe("rejected");

    // Dismiss, undo, dismiss again with a reason: each one audited.
    await dismissRecord(refusal.id, null, admin);
    await undoDismissal(refusal.id, admin);
    expect(await db.recordDismissal.count()).toBe(0);
    const dismissal = await dismissRecord(refusal.id, "Finance owns this account's health", admin);
    expect(dismissal).toMatchObject({ integrationId: tool.id, targetSystem: "salesforce", object: "account", recordId: dismissed, dismissedByEmail: admin.email });
    const audit = await db.auditLog.findMany({ where: { targetType: "RecordDismissal" }, orderBy: { at: "asc" } });
    expect(audit.map((a) => a.action).sort()).toEqual(["record.dismiss", "record.dismiss", "record.undismiss"]);
    expect(audit.every((a) => a.actorEmail === admin.email)).toBe(true);

    // The next Synchronize: the dismissed one is skipped with the code and who dismissed it; the other is sent again.
    const next = await runSync(tool.id, { trigger: "test" });
    expect(await outcomes(next.runId, [kept, dismissed])).toEqual({ [kept]: "rejected:FIELD_CUSTOM_VALIDATION_EXCEPTION", [dismissed]: "skipped:DISMISSED" });
    const skipped = (await results(next.runId, [dismissed]))[0]!;
    expect(skipped.message).toMatch(/^Not written: admin@retry\.test dismissed this refused write on \d{4}-\d{2}-\d{2} \("Finance owns this account's health"\)\. It is sent again as soon as its values change/);
    // "Retry all failed" of that run leaves the dismissed one out: its newest result is not a failure.
    await fixTheCause();
    const since = await retryFailedSince(began, tool.id, admin);
    expect(since.records).toBe(1);
    const sinceRun = await db.syncRun.findUniqueOrThrow({ where: { id: since.runId } });
    expect(sinceRun.scope).toMatchObject({ records: [{ recordId: kept }] });
    expect((await runRetry(since.runId)).status).toBe("SUCCEEDED");
    expect(await pushState(tool.id, dismissed)).toBeNull();

    // Its values change (a health override moves the pushed score): the payload is no longer the one dismissed.
    await db.healthOverride.create({ data: { accountId: dismissed, score: 3.5, reason: "test", expiresAt: new Date(Date.now() + 86_400_000), setByEmail: admin.email } });
    const changed = await runSync(tool.id, { trigger: "test" });
    expect(await outcomes(changed.runId, [dismissed])).toEqual({ [dismissed]: "succeeded" });
    expect(((await sfRest("GET", `/sobjects/Account/${dismissed}?fields=PX_Health_Score__c`)) as { PX_Health_Score__c: number }).PX_Health_Score__c).toBe(3.5);
  });

  it("resumes a retry a killed worker left running, and ends one whose integration was disconnected with a sentence", async () => {
    const tool = await px();
    const [id] = refused as [string];
    await db.pushState.deleteMany({ where: { integrationId: tool.id, targetSystem: "salesforce", object: "account", recordId: id } });
    await refuse([id]);
    const sync = await runSync(tool.id, { trigger: "test" });
    await fixTheCause();
    const { runId } = await retryRun(sync.runId, [{ system: "salesforce", object: "account", recordId: id }], admin);
    // The worker took it and died before finishing anything.
    await db.syncRun.update({ where: { id: runId }, data: { status: "RUNNING" } });
    const resumed = await runRetry(runId);
    expect(resumed).toMatchObject({ status: "SUCCEEDED", resumed: true });
    expect((await db.syncRun.findUniqueOrThrow({ where: { id: runId } })).attempts).toBe(2);
    // A job that runs again after the end does nothing.
    expect(await runRetry(runId)).toMatchObject({ status: "SUCCEEDED", resumed: false });
    expect(await outcomes(runId, [id])).toEqual({ [id]: "succeeded" });

    // PX needs reconnecting by the time the worker takes the retry: the step fails with what to do, nothing is written.
    const later = await retryRun(sync.runId, [{ system: "salesforce", object: "account", recordId: id }], admin);
    expect(later.started).toBe(true);
    await db.integration.update({ where: { id: tool.id }, data: { status: "RECONNECT_NEEDED" } });
    try {
      expect(await runRetry(later.runId)).toMatchObject({ status: "FAILED", error: "Gainsight PX is not connected: nothing was written. Reconnect it on the Integrations page, then retry again." });
      expect(await db.syncRecordResult.count({ where: { runId: later.runId } })).toBe(0);
    } finally {
      await db.integration.update({ where: { id: tool.id }, data: { status: "CONNECTED" } });
    }
  });

  it("lets only admins and operations retry and dismiss, with a clear sentence for bad input", async () => {
    const tool = await px();
    const [id] = refused as [string];
    await db.pushState.deleteMany({ where: { integrationId: tool.id, targetSystem: "salesforce", object: "account", recordId: id } });
    await refuse([id]);
    const sync = await runSync(tool.id, { trigger: "test" });
    const refusal = (await results(sync.runId, [id]))[0]!;
    const body = { records: [{ system: "salesforce", object: "account", recordId: id }] };

    session.user = csm;
    for (const res of [
      await call(retryRoute, "POST", `/api/runs/${sync.runId}/retry`, body, { id: sync.runId }),
      await call(retryFailedRoute, "POST", "/api/runs/retry-failed", { since: "2020-01-01" }),
      await call(dismissRoute, "POST", "/api/dismissals", { resultId: refusal.id.toString() }),
      await call(undismissRoute, "DELETE", "/api/dismissals", { resultId: refusal.id.toString() }),
    ]) {
      expect(res.status).toBe(403);
    }
    expect(await db.syncRun.count({ where: { retryOfRunId: sync.runId } })).toBe(0);

    session.user = admin;
    const unknown = await call(retryRoute, "POST", `/api/runs/${sync.runId}/retry`, { records: [{ system: "salesforce", object: "account", recordId: firstRunId }] }, { id: sync.runId });
    expect(unknown.status).toBe(409);
    expect(((await unknown.json()) as { error: { message: string } }).error.message).toMatch(/was not refused by a push of this run/);
    const empty = await call(retryRoute, "POST", `/api/runs/${sync.runId}/retry`, { records: [] }, { id: sync.runId });
    expect(empty.status).toBe(422);
    const written = await db.syncRecordResult.findFirstOrThrow({ where: { runId: firstRunId, outcome: "succeeded", step: { name: "push.salesforce" } } });
    const notRefused = await call(dismissRoute, "POST", "/api/dismissals", { resultId: written.id.toString() });
    expect(notRefused.status).toBe(409);
    expect(((await notRefused.json()) as { error: { message: string } }).error.message).toMatch(/Only a write the vendor refused can be dismissed/);
    expect((await call(dismissRoute, "POST", "/api/dismissals", { resultId: "12x" })).status).toBe(422);

    const ok = await call(retryRoute, "POST", `/api/runs/${sync.runId}/retry`, body, { id: sync.runId });
    expect(ok.status).toBe(200);
    const { runId } = (await ok.json()) as { runId: string };
    expect((await db.syncRun.findUniqueOrThrow({ where: { id: runId } })).triggeredBy).toBe(admin.email);
    expect((await runRetry(runId)).status).toBe("FAILED");
    expect(await outcomes(runId, [id])).toEqual({ [id]: "rejected:FIELD_CUSTOM_VALIDATION_EXCEPTION" });
    await fixTheCause();
  });

  it("cli runs show ID --failed --json lists only the failed records, and cli retry RUN_ID --record ID queues a retry of that record", async () => {
    const tool = await px();
    const [id] = refused as [string];
    await db.pushState.deleteMany({ where: { integrationId: tool.id, targetSystem: "salesforce", object: "account", recordId: id } });
    await refuse([id]);
    const sync = await runSync(tool.id, { trigger: "test" });
    await fixTheCause();
    const cli = (...args: string[]) => promisify(execFile)(process.execPath, ["--import", "tsx", "scripts/cli.ts", ...args], { env: childProcessEnv({ LOG_LEVEL: "warn" }) });

    const shown = JSON.parse((await cli("runs", "show", sync.runId, "--failed", "--json")).stdout) as { run: { id: string }; records: { recordId: string; outcome: string; errorCode: string; id: string }[] };
    expect(shown.run.id).toBe(sync.runId);
    expect(shown.records.map((r) => [r.recordId, r.outcome, r.errorCode])).toEqual([[id, "rejected", "FIELD_CUSTOM_VALIDATION_EXCEPTION"]]);
    expect(typeof shown.records[0]!.id).toBe("string");
    // The call behind the refusal, as sent, in the JSON and (with --calls) in the text.
    const { failedCalls } = JSON.parse((await cli("runs", "show", sync.runId, "--json")).stdout) as { failedCalls: { method: string; path: string; refused: number; request: string; response: string }[] };
    expect(failedCalls).toEqual([expect.objectContaining({ method: "PATCH", path: "/composite/sobjects", refused: 1, request: expect.stringContaining(`"Id":"${id}"`), response: expect.stringContaining(MESSAGE) })]);
    const text = (await cli("runs", "show", sync.runId, "--calls")).stdout;
    expect(text).toMatch(/failed calls:\n.*Salesforce PATCH \/composite\/sobjects {2}HTTP 200 {2}1 of \d+ refused\n {4}request:\n/);
    expect(text).toContain("FIELD_CUSTOM_VALIDATION_EXCEPTION");

    const queued = JSON.parse((await cli("retry", sync.runId, "--record", id, "--json")).stdout) as { runId: string; started: boolean; records: number };
    expect(queued).toMatchObject({ started: true, records: 1 });
    const run = await db.syncRun.findUniqueOrThrow({ where: { id: queued.runId } });
    expect(run).toMatchObject({ kind: "RETRY", trigger: "retry", triggeredBy: null, retryOfRunId: sync.runId, status: "QUEUED" });
    expect((await runRetry(queued.runId)).status).toBe("SUCCEEDED");

    const refusedCli = await cli("retry", sync.runId, "--record", "001000000000000AAA").catch((e: { stderr: string; code: number }) => e);
    expect((refusedCli as { code: number }).code).not.toBe(0);
    expect((refusedCli as { stderr: string }).stderr).toMatch(/has no failed write in run/);
  });
});
