import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

// CSM as source of truth (issue 13) against the Salesforce emulator over HTTP (ports 3381-3383) and
// a real BullMQ worker on the "integrations" queue running the worker's own processors: a change
// reaches the emulator's Account within seconds, a following pull does not revert it (nor does an
// edit made in Salesforce), a burst ends on its last change, the history and "first assigned" are
// right, and only admins and operations may change it.
vi.hoisted(() => {
  vi.stubEnv("SALESFORCE_EMULATOR_URL", "http://127.0.0.1:3381");
  vi.stubEnv("PENDO_EMULATOR_URL", "http://127.0.0.1:3382");
  vi.stubEnv("PX_EMULATOR_URL", "http://127.0.0.1:3383/v1");
  vi.stubEnv("SECRETS_KEY", Buffer.alloc(32, 9).toString("base64"));
});

const session = vi.hoisted(() => ({ user: null as import("@/lib/auth/session").CurrentUser | null }));
vi.mock("@/lib/auth/session", () => ({ getCurrentUser: async () => session.user }));

import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { Worker } from "bullmq";
import { generateDemoData } from "@/emulators/generator/generate";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import type { RoleName } from "@/lib/auth/permissions";
import type { CurrentUser } from "@/lib/auth/session";
import { OPERATOR } from "@/lib/auth/data-scope";
import { closeRedis, createWorkerConnection } from "@/lib/queue/connection";
import { childProcessEnv } from "@/lib/testing/child-env";
import { connectedHub } from "@/lib/testing/connected-hub";
import { sfRest, until } from "@/lib/testing/emulator-calls";
import { runPull } from "@/lib/sync/pull/run-pull";
import { accountCsm } from "@/lib/accounts/account-page-csm";
import { findVisibleAccount } from "@/lib/accounts/account-page-scope";
import { listAccounts } from "@/lib/accounts/list-accounts";
import { accountFilterSchema } from "@/lib/accounts/list-filter";
import { csmHistory } from "@/lib/accounts/csm/csm-history";
import { readEffectiveCsm } from "@/lib/accounts/csm/effective-csm";
import { saveCsmSettings } from "@/lib/accounts/csm/csm-settings";
import { setAccountCsm } from "@/lib/accounts/csm/set-account-csm";
import { processJob } from "@/workers/processors/registry";
import { workerIdentity } from "@/workers/processors/heartbeat";
import { PUT as putCsm } from "@/app/api/accounts/[id]/csm/route";
import { GET as getHistory } from "@/app/api/accounts/[id]/csm-history/route";

const fixture = generateDemoData({ seed: 61, accounts: 40 });
let teardown: () => Promise<void> = async () => undefined;
let worker: Worker | undefined;
let workerRedis: ReturnType<typeof createWorkerConnection> | undefined;
const users = new Map<RoleName, CurrentUser>();
let sfId = "";
/** The account under test, its CSM in Salesforce at the start, and three other active users. */
let accountId = "";
let original = "";
let [u1, u2, u3] = ["", "", ""];

async function pullSalesforce() {
  // A pull of the worker's own schedule would hold the lock; none runs here, but be patient anyway.
  for (let i = 0; ; i++) {
    try {
      return await runPull(sfId, { trigger: "test" });
    } catch (error) {
      if (i > 20 || (error as { code?: string }).code !== "CONFLICT") throw error;
      await new Promise((r) => setTimeout(r, 500));
    }
  }
}

const emulatorCsm = async () => ((await sfRest("GET", `/sobjects/Account/${accountId}?fields=CSM__c`)) as { CSM__c: string | null }).CSM__c;
const assignment = () => db.accountCsm.findFirstOrThrow({ where: { accountId } });
/** Waits until the worker has pushed the assignment to `userId` and the emulator shows it (10 s: the issue asks for 5 in a browser). */
async function pushedAs(userId: string | null) {
  await until(async () => {
    const row = await assignment();
    return row.sfUserId === userId && row.pushedAt !== null;
  }, 10_000);
  expect(await emulatorCsm()).toBe(userId);
}

function call(handler: typeof putCsm, method: string, path: string, role: RoleName, body?: unknown) {
  session.user = users.get(role)!;
  const init: RequestInit = { method, headers: { "content-type": "application/json", host: "localhost" } };
  if (body !== undefined) init.body = JSON.stringify(body);
  return handler(new Request(`http://localhost/api/accounts/${accountId}/${path}`, init), { params: Promise.resolve({ id: accountId }) });
}

beforeAll(async () => {
  teardown = await connectedHub(fixture, 3381);
  sfId = (await db.integration.findFirstOrThrow({ where: { system: "SALESFORCE" } })).id;
  await pullSalesforce();
  for (const role of ["ADMIN", "OPS", "CSM", "VIEWER"] as const) {
    const u = await db.user.create({ data: { email: `${role.toLowerCase()}@csm.test`, role, passwordHash: null } });
    users.set(role, { id: u.id, email: u.email, name: null, role, mustChangePassword: false });
  }
  const accounts = await db.sfAccount.findMany({ where: { integrationId: sfId, state: "ACTIVE" }, orderBy: { id: "asc" } });
  const active = await db.sfUser.findMany({ where: { integrationId: sfId, isActive: true }, orderBy: { id: "asc" } });
  const activeIds = new Set(active.map((u) => u.id));
  const account = accounts.find((a) => activeIds.has((a.fields as Record<string, string | null>).CSM__c ?? ""))!;
  accountId = account.id;
  original = (account.fields as Record<string, string>).CSM__c!;
  [u1, u2, u3] = active.filter((u) => u.id !== original).map((u) => u.id) as [string, string, string];
  expect(u3).toBeTruthy();

  const identity = workerIdentity(["integrations"], "test");
  workerRedis = createWorkerConnection("test-csm");
  worker = new Worker("integrations", (job) => processJob(job, identity), { connection: workerRedis, prefix: env.QUEUE_PREFIX, concurrency: 2 });
  await worker.waitUntilReady();
}, 180_000);

afterAll(async () => {
  await worker?.close();
  if (workerRedis) await closeRedis(workerRedis).catch(() => undefined);
  await teardown();
});

describe("CSM as source of truth", () => {
  it("an admin's change reaches Salesforce within seconds, with the value found there kept as the first entry of the history", async () => {
    const admin = users.get("ADMIN")!;
    const result = await setAccountCsm(accountId, u1, { actor: admin, source: "console", ip: "127.0.0.1" });
    expect(result).toMatchObject({ accountId, sfUserId: u1, changed: true, pushQueued: true });
    expect(result.message).toMatch(/Salesforce gets it within seconds/);
    await pushedAs(u1);
    expect((await assignment()).pushError).toBeNull();

    const history = (await csmHistory(accountId, OPERATOR))!;
    expect(history.entries.map((e) => [e.source, e.by, e.from?.id ?? null, e.to?.id ?? null])).toEqual([
      ["console", admin.email, original, u1],
      ["salesforce", "Salesforce", null, original],
    ]);
    expect(history.firstAssigned).toMatchObject({ user: { id: original }, source: "salesforce" });
    expect(history.firstAssigned!.at.getTime()).toBeLessThan(history.entries[0]!.at.getTime());
    const audit = await db.auditLog.findFirstOrThrow({ where: { action: "account.csm.set", targetId: accountId } });
    expect(audit).toMatchObject({ actorEmail: admin.email, before: { sfUserId: original }, after: { sfUserId: u1 } });

    // The account page, the override rule and the Accounts list all read the new CSM at once.
    const account = (await findVisibleAccount(accountId, OPERATOR))!;
    expect((await accountCsm(account))?.userId).toBe(u1);
    const listed = await listAccounts(accountFilterSchema.parse({ csm: u1 }), { id: admin.id, email: admin.email });
    expect(listed.accounts.map((a) => a.id)).toContain(accountId);
    expect(listed.accounts.find((a) => a.id === accountId)!.csm?.id).toBe(u1);
    expect(listed.options.csms.map((c) => c.id)).toContain(u1);
    const before = await listAccounts(accountFilterSchema.parse({ csm: original }), { id: admin.id, email: admin.email });
    expect(before.accounts.map((a) => a.id)).not.toContain(accountId);
  });

  it("a following pull does not revert it, and an edit made in Salesforce is overwritten by Clearinghouse's value", async () => {
    const changes = await db.csmChange.count({ where: { accountId } });
    await pullSalesforce();
    expect(((await db.sfAccount.findFirstOrThrow({ where: { id: accountId } })).fields as Record<string, string>).CSM__c).toBe(u1);

    // Someone sets another CSM in Salesforce; the pull brings it back, but Clearinghouse's value wins.
    await sfRest("PATCH", `/sobjects/Account/${accountId}`, { CSM__c: u2 });
    await pullSalesforce();
    const pulled = await db.sfAccount.findFirstOrThrow({ where: { id: accountId } });
    expect((pulled.fields as Record<string, string>).CSM__c).toBe(u2);
    expect(await readEffectiveCsm(pulled)).toMatchObject({ userId: u1, source: "clearinghouse" });
    expect((await assignment()).sfUserId).toBe(u1);
    await until(async () => (await emulatorCsm()) === u1, 10_000);
    expect((await assignment()).pushedAt).not.toBeNull();
    // Pulls write no history: only changes made in Clearinghouse do.
    expect(await db.csmChange.count({ where: { accountId } })).toBe(changes);
  });

  it("a burst of changes ends on the last one, each kept in the history", async () => {
    const ops = users.get("OPS")!;
    const changes = await db.csmChange.count({ where: { accountId } });
    for (const to of [u2, u3, u2, u3]) await setAccountCsm(accountId, to, { actor: ops, source: "console" });
    await pushedAs(u3);
    // Setting the CSM it already has changes nothing and records nothing.
    const again = await setAccountCsm(accountId, u3, { actor: ops, source: "console" });
    expect(again).toMatchObject({ changed: false });
    expect(await db.csmChange.count({ where: { accountId } })).toBe(changes + 4);
  });

  it("the command line can leave an account without a CSM, which clears the field in Salesforce", async () => {
    const result = await setAccountCsm(accountId, null, { actor: null, source: "cli", by: "ops@example.com" });
    expect(result).toMatchObject({ sfUserId: null, changed: true });
    await pushedAs(null);
    const history = (await csmHistory(accountId, OPERATOR))!;
    expect(history.entries[0]).toMatchObject({ source: "cli", by: "ops@example.com", from: { id: u3 }, to: null });
    // Still first assigned to the CSM found in Salesforce.
    expect(history.firstAssigned?.user.id).toBe(original);
    const none = await listAccounts(accountFilterSchema.parse({ csm: "none", sort: "name", pageSize: "100" }), { id: users.get("ADMIN")!.id, email: "admin@csm.test" });
    expect(none.accounts.map((a) => a.id)).toContain(accountId);
  });

  it("refuses a CSM or viewer (403), an inactive or unknown user (422) and an unknown account (404), writing nothing", async () => {
    const changes = await db.csmChange.count();
    for (const role of ["CSM", "VIEWER"] as const) {
      const res = await call(putCsm, "PUT", "csm", role, { sfUserId: u1 });
      expect(res.status, role).toBe(403);
    }
    await expect(setAccountCsm(accountId, u1, { actor: users.get("CSM")!, source: "console" })).rejects.toMatchObject({ code: "FORBIDDEN" });

    const inactive = await db.sfUser.findFirst({ where: { integrationId: sfId, isActive: false } });
    const sleeper = inactive ?? (await db.sfUser.update({ where: { integrationId_id: { integrationId: sfId, id: u2 } }, data: { isActive: false } }));
    const refused = await call(putCsm, "PUT", "csm", "ADMIN", { sfUserId: sleeper.id });
    expect(refused.status).toBe(422);
    expect(((await refused.json()) as { error: { message: string } }).error.message).toMatch(/inactive in Salesforce.*Pick an active user/);
    if (!inactive) await db.sfUser.update({ where: { integrationId_id: { integrationId: sfId, id: u2 } }, data: { isActive: true } });
    expect((await call(putCsm, "PUT", "csm", "ADMIN", { sfUserId: "005000000000000ZZZ" })).status).toBe(422);
    expect((await call(putCsm, "PUT", "csm", "ADMIN", { sfUserId: "not-an-id" })).status).toBe(422);
    await expect(setAccountCsm("001000000000000ZZZ", u1, { actor: users.get("ADMIN")!, source: "console" })).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(await db.csmChange.count()).toBe(changes);
    expect((await assignment()).sfUserId).toBeNull();
  });

  it("an admin sets it through the route; every role reads the history", async () => {
    const res = await call(putCsm, "PUT", "csm", "ADMIN", { sfUserId: u1 });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ sfUserId: u1, changed: true, pushQueued: true });
    await pushedAs(u1);
    const read = await call(getHistory, "GET", "csm-history", "VIEWER");
    expect(read.status).toBe(200);
    const body = (await read.json()) as { entries: { source: string; to: { id: string } | null }[]; firstAssigned: { user: { id: string } } };
    expect(body.entries[0]).toMatchObject({ source: "console", to: { id: u1 } });
    expect(body.firstAssigned.user.id).toBe(original);
  });

  // Each command starts a process that compiles the CLI: slow on a busy machine, so a longer bound.
  it("the command line sets it (pushed while it waits) and prints the history as JSON", { timeout: 180_000 }, async () => {
    const cli = (...args: string[]) => promisify(execFile)(process.execPath, ["--import", "tsx", "scripts/cli.ts", "csm", ...args], { env: childProcessEnv({ LOG_LEVEL: "warn" }) });
    const set = JSON.parse((await cli("set", accountId, u2, "--by", "support@example.com", "--wait", "--json")).stdout) as { sfUserId: string; changed: boolean; push: string };
    expect(set).toMatchObject({ sfUserId: u2, changed: true, push: expect.stringMatching(/^Salesforce has it/) });
    expect(await emulatorCsm()).toBe(u2);
    const history = JSON.parse((await cli("history", accountId, "--json")).stdout) as { entries: { source: string; by: string; to: { id: string } | null }[]; firstAssigned: { user: { id: string }; source: string } };
    expect(history.entries[0]).toMatchObject({ source: "cli", by: "support@example.com", to: { id: u2 } });
    expect(history.firstAssigned).toMatchObject({ user: { id: original }, source: "salesforce" });
    const refused = await cli("set", accountId, "--none", u1).catch((e: unknown) => e);
    expect(refused).toMatchObject({ code: 1, stderr: expect.stringContaining("Give either the Salesforce user id of the new CSM or --none.") });
  });

  it("pushes only to a lookup to User the account object has", async () => {
    const actor = { id: users.get("ADMIN")!.id, email: "admin@csm.test" };
    await expect(saveCsmSettings(sfId, { fieldName: "ARR__c" }, { actor })).rejects.toMatchObject({ code: "INVALID_INPUT", message: expect.stringMatching(/not a lookup to User/) });
    await expect(saveCsmSettings(sfId, { fieldName: "No_Such__c" }, { actor })).rejects.toMatchObject({ code: "INVALID_INPUT" });
    expect(await saveCsmSettings(sfId, { fieldName: "CSM__c" }, { actor })).toMatchObject({ fieldName: "CSM__c", problem: null, message: expect.stringMatching(/already goes to Account\.CSM__c/) });
  });
});
