import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

// The sync core against in-process emulators over HTTP (ports 3141-3143): concurrent pulls,
// matching stored as a difference, a worker killed mid-match, and page actions applied by a worker.
const session = vi.hoisted(() => {
  // vi.stubEnv sets what lib/env.ts reads, before any import loads it.
  vi.stubEnv("SALESFORCE_EMULATOR_URL", "http://127.0.0.1:3141");
  vi.stubEnv("PENDO_EMULATOR_URL", "http://127.0.0.1:3142");
  vi.stubEnv("PX_EMULATOR_URL", "http://127.0.0.1:3143/v1");
  vi.stubEnv("SECRETS_KEY", Buffer.alloc(32, 9).toString("base64"));
  return { user: null as import("@/lib/auth/session").CurrentUser | null };
});
vi.mock("@/lib/auth/session", () => ({ getCurrentUser: async () => session.user }));

import type { ChildProcess } from "node:child_process";
import { startWorker, stopWorker } from "@/lib/testing/worker-process";
import pg from "pg";
import { generateDemoData } from "@/emulators/generator/generate";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { connectedHub } from "@/lib/testing/connected-hub";
import { pxRest, sfRest, until } from "@/lib/testing/emulator-calls";
import type { IntegrationSystem } from "@/lib/generated/prisma/client";
import type { GuardedHandler } from "@/lib/http/route";
import { runPull } from "@/lib/sync/pull/run-pull";
import { runMatch } from "@/lib/sync/match/run-match";
import { enqueueMatch } from "@/lib/sync/match/enqueue-match";
import { pullInline } from "@/lib/sync/pull/pull-from-cli";
import { PUT as putRules } from "@/app/api/matching/[integrationId]/rules/route";
import { POST as postOverride } from "@/app/api/matching/overrides/route";
import { POST as postPreview } from "@/app/api/matching/[integrationId]/preview/route";

const fixture = generateDemoData({ seed: 23, accounts: 80 });
let teardown: () => Promise<void> = async () => undefined;
const integration = (system: IntegrationSystem) => db.integration.findFirstOrThrow({ where: { system } });


/** Links of one tool as (analytics id → Salesforce id, criterion), in a stable order. */
async function links(integrationId: string) {
  return db.matchLink.findMany({ where: { integrationId }, select: { entity: true, analyticsId: true, salesforceId: true, criterion: true }, orderBy: [{ entity: "asc" }, { analyticsId: "asc" }] });
}

async function exceptions(integrationId: string) {
  return db.matchException.findMany({ where: { integrationId }, select: { entity: true, analyticsId: true, kind: true, reason: true }, orderBy: [{ entity: "asc" }, { analyticsId: "asc" }] });
}

async function forgetMatches(integrationId: string) {
  await db.matchLink.deleteMany({ where: { integrationId } });
  await db.matchException.deleteMany({ where: { integrationId } });
}



beforeAll(async () => {
  teardown = await connectedHub(fixture, 3141);
});

afterAll(() => teardown());

describe("sync core", () => {
  it("Salesforce and PX pulls started together, ten times over, all succeed with the links of pulls run one after the other", async () => {
    const [sf, px] = [await integration("SALESFORCE"), await integration("PX")];
    await runPull(sf.id, { trigger: "test" });
    await runPull(px.id, { trigger: "test" });
    const reference = await links(px.id);
    expect(reference.length).toBeGreaterThan(0);

    // Accounts with a website: a new path on the same host changes the record, not its domain key.
    const sfAccounts = await db.sfAccount.findMany({ where: { website: { startsWith: "http" } }, take: 10, orderBy: { id: "asc" }, select: { id: true, website: true } });
    expect(sfAccounts).toHaveLength(10);
    const pxAccounts = fixture.px.accounts.slice(0, 10).map((a) => String((a as { id: string }).id));
    for (let round = 0; round < 10; round++) {
      // With nothing stored, both pulls' match steps must write every PX link: they used to race
      // (delete-then-insert under different locks) and one died on MatchLink_pkey. Each pull
      // finds a change, so both re-match PX (an unchanged pull would skip matching).
      await forgetMatches(px.id);
      const touched = sfAccounts[round]!;
      await sfRest("PATCH", `/sobjects/Account/${touched.id}`, { Website: `${new URL(touched.website!).origin}/round-${round}` });
      await pxRest("PUT", `/accounts/${pxAccounts[round]}`, { plan: `round-${round}` });
      const [a, b] = await Promise.all([runPull(sf.id, { trigger: "test" }), runPull(px.id, { trigger: "test" })]);
      expect([a.status, b.status], `round ${round}`).toEqual(["SUCCEEDED", "SUCCEEDED"]);
      expect(await links(px.id), `round ${round}`).toEqual(reference);
      expect(a.matching.map((m) => m.integrationId)).toContain(px.id);
      expect(b.matching.map((m) => m.integrationId)).toEqual([px.id]);
    }
  });

  it("after the default first pulls, every PX and Pendo user whose email belongs to exactly one Salesforce contact is linked", async () => {
    for (const system of ["SALESFORCE", "PENDO", "PX"] as const) await runPull((await integration(system)).id, { trigger: "test" });
    type Contact = { Id: string; Email?: string | null; IsDeleted?: boolean };
    const contacts = (fixture.salesforce.objects as unknown as { Contact: Contact[] }).Contact.filter((c) => !c.IsDeleted && c.Email);
    const owners = new Map<string, string[]>();
    for (const c of contacts) owners.set(c.Email!.trim().toLowerCase(), [...(owners.get(c.Email!.trim().toLowerCase()) ?? []), c.Id]);
    for (const system of ["PENDO", "PX"] as const) {
      const tool = await integration(system);
      const users = await db.analyticsUser.findMany({ where: { integrationId: tool.id, removedAt: null, email: { not: null } }, select: { externalId: true, email: true } });
      const expected = users.filter((u) => owners.get(u.email!.trim().toLowerCase())?.length === 1);
      expect(expected.length, system).toBeGreaterThan(0);
      const linked = new Set((await db.matchLink.findMany({ where: { integrationId: tool.id, entity: "CONTACT" }, select: { analyticsId: true } })).map((l) => l.analyticsId));
      const missing = expected.filter((u) => !linked.has(u.externalId));
      const why = await db.matchException.findMany({ where: { integrationId: tool.id, entity: "CONTACT", analyticsId: { in: missing.slice(0, 5).map((u) => u.externalId) } }, select: { analyticsId: true, kind: true, reason: true } });
      expect(missing.length, `${system}: ${JSON.stringify(why)}`).toBe(0);
    }
  });

  it("a failing system does not stop the others in a pull of everything, and transient faults are retried", async () => {
    const pxAdmin = (spec: string) => fetch(`${env.PX_EMULATOR_URL!.replace(/\/v1$/, "")}/__emulator/faults`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ spec }) });
    const pendoAdmin = (spec: string) => fetch(`${env.PENDO_EMULATOR_URL}/__emulator/faults`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ spec }) });
    try {
      // PX refuses the key (needs an admin); Pendo is locked twice ("retry later") and then answers.
      await pxAdmin("expired-token");
      await pendoAdmin("lock:nth=1;lock:nth=2");
      const results = await pullInline();
      const by = Object.fromEntries(results.map((r) => [r.system, r]));
      expect(by.SALESFORCE!.status).toBe("SUCCEEDED");
      expect(by.PENDO!.status).toBe("SUCCEEDED");
      expect(by.PX!.status).toBe("FAILED");
      expect("error" in by.PX! && by.PX.error).toMatch(/Gainsight PX rejected the API key/);
      const failed = await db.syncRun.findFirstOrThrow({ where: { integrationId: (await integration("PX")).id }, orderBy: { startedAt: "desc" } });
      expect(failed.status).toBe("FAILED");
      expect(failed.error).not.toMatch(/[{}]/);
    } finally {
      await pxAdmin("");
      await pendoAdmin("");
    }
  });

  it("a re-match of unchanged data writes no link or exception row", async () => {
    const px = await integration("PX");
    await runMatch(px.id, { trigger: "test" });
    const rowVersions = async () => {
      const { rows } = await db.$queryRawUnsafe<{ rows: string }[]>(
        `SELECT string_agg(x, ',' ORDER BY x) AS rows FROM (
           SELECT "analyticsId" || ':' || xmin::text AS x FROM "MatchLink" WHERE "integrationId" = $1
           UNION ALL SELECT "analyticsId" || ':' || xmin::text FROM "MatchException" WHERE "integrationId" = $1) t`,
        px.id,
      ).then((r) => r[0]!);
      return rows;
    };
    const before = await rowVersions();
    const { runId, summary } = await runMatch(px.id, { trigger: "test" });
    expect(summary.accounts.written + summary.contacts.written).toBe(0);
    expect(await rowVersions()).toBe(before);
    expect(await db.syncRecordResult.count({ where: { runId } })).toBe(0);
    const run = await db.syncRun.findUniqueOrThrow({ where: { id: runId }, include: { steps: true } });
    expect(run.status).toBe("SUCCEEDED");
    expect(run.steps[0]!.stats).toMatchObject({ accounts: { written: 0 }, contacts: { written: 0 } });
  });

  it("a worker killed in the middle of storing a match is resumed to the same result", async () => {
    const [sf, px] = [await integration("SALESFORCE"), await integration("PX")];
    await runPull(sf.id, { trigger: "test" });
    await runPull(px.id, { trigger: "test" });
    const reference = { links: await links(px.id), exceptions: await exceptions(px.id) };
    expect(reference.links.length).toBeGreaterThan(0);
    await forgetMatches(px.id);

    // Hold the link table so the worker's match blocks inside its transaction, then kill it there.
    const blocker = new pg.Client({ connectionString: env.DATABASE_URL });
    await blocker.connect();
    let worker: ChildProcess | undefined;
    try {
      await blocker.query(`BEGIN; LOCK TABLE "MatchLink" IN SHARE MODE`);
      worker = startWorker();
      const { runId } = await enqueueMatch(px.id, "manual", null);
      // Probed from another connection: inside the blocker's transaction pg_stat_activity is a snapshot.
      await until(async () => {
        const rows = await db.$queryRawUnsafe<unknown[]>(
          `SELECT 1 FROM pg_locks l JOIN pg_class c ON c.oid = l.relation JOIN pg_stat_activity a ON a.pid = l.pid
            WHERE c.relname = 'MatchLink' AND NOT l.granted AND a.application_name = 'clearinghouse-sync'`,
        );
        return rows.length > 0;
      }, 60_000);
      expect((await db.syncRun.findUniqueOrThrow({ where: { id: runId } })).status).toBe("RUNNING");
      await stopWorker(worker, "SIGKILL");
      await blocker.query("ROLLBACK");
      expect(await db.matchLink.count({ where: { integrationId: px.id } })).toBe(0);

      const resumed = await runMatch(px.id, { trigger: "test" });
      expect(resumed.runId).toBe(runId);
      expect((await db.syncRun.findUniqueOrThrow({ where: { id: runId } })).attempts).toBe(2);
      expect({ links: await links(px.id), exceptions: await exceptions(px.id) }).toEqual(reference);
    } finally {
      await stopWorker(worker, "SIGKILL");
      await blocker.end().catch(() => undefined);
    }
  });

  it("rule saves and pins from the pages are applied by the worker, not the web request", async () => {
    const px = await integration("PX");
    const admin = await db.user.create({ data: { email: "admin@sync-core.test", role: "ADMIN", passwordHash: null } });
    session.user = { id: admin.id, email: admin.email, name: null, role: "ADMIN", mustChangePassword: false };
    const call = async (handler: GuardedHandler, url: string, method: string, body: unknown, params: Record<string, string>) => {
      const res = await handler(new Request(url, { method, headers: { "content-type": "application/json", host: "localhost" }, body: JSON.stringify(body) }), { params: Promise.resolve(params) });
      expect(res.status, await res.clone().text()).toBe(200);
      return (await res.json()) as { runId: string };
    };
    const done = (runId: string) => until(async () => {
      const run = await db.syncRun.findUnique({ where: { id: runId } });
      return run && ["SUCCEEDED", "FAILED", "PARTIAL"].includes(run.status) ? run : null;
    }, 60_000);

    // Without a worker the request answers at once and nothing is re-matched yet.
    const byEmailOnly = { accounts: [{ kind: "salesforceId" }], contacts: [{ kind: "email" }] };
    const linkedBefore = await db.matchLink.count({ where: { integrationId: px.id, entity: "CONTACT" } });
    const saved = await call(putRules as GuardedHandler, `http://localhost/api/matching/${px.id}/rules`, "PUT", { rules: byEmailOnly }, { integrationId: px.id });
    expect((await db.syncRun.findUniqueOrThrow({ where: { id: saved.runId } })).status).toBe("QUEUED");
    expect(await db.matchLink.count({ where: { integrationId: px.id, entity: "CONTACT" } })).toBe(linkedBefore);

    let worker: ChildProcess | undefined;
    try {
      worker = startWorker();
      const rulesRun = await done(saved.runId);

      // Preview is answered by the worker too: the proposed rules' counts next to the saved ones.
      const previewRes = await (postPreview as GuardedHandler)(
        new Request(`http://localhost/api/matching/${px.id}/preview`, { method: "POST", headers: { "content-type": "application/json", host: "localhost" }, body: JSON.stringify({ rules: { accounts: [], contacts: [{ kind: "email" }] } }) }),
        { params: Promise.resolve({ integrationId: px.id }) },
      );
      expect(previewRes.status, await previewRes.clone().text()).toBe(200);
      const preview = (await previewRes.json()) as { accounts: { saved: { matched: number }; proposed: { matched: number } } };
      expect(preview.accounts.saved.matched).toBeGreaterThan(0);
      expect(preview.accounts.proposed.matched).toBe(0);
      expect(rulesRun.status).toBe("SUCCEEDED");
      expect(rulesRun.triggeredBy).toBe(admin.email);
      const criteria = await db.matchLink.findMany({ where: { integrationId: px.id, entity: "CONTACT" }, distinct: ["criterion"], select: { criterion: true } });
      expect(criteria.map((c) => c.criterion)).toEqual(["Email"]);

      // Pin an unmatched user to some contact: the worker links it, "Pinned by an admin".
      const unmatched = await db.matchException.findFirstOrThrow({ where: { integrationId: px.id, entity: "CONTACT", kind: "UNMATCHED" } });
      const taken = new Set((await db.matchLink.findMany({ where: { entity: "CONTACT" }, select: { salesforceId: true } })).map((l) => l.salesforceId));
      const free = (await db.sfContact.findMany({ where: { state: "ACTIVE" }, select: { id: true } })).find((c) => !taken.has(c.id))!;
      const pinned = await call(postOverride as GuardedHandler, "http://localhost/api/matching/overrides", "POST", { integrationId: px.id, action: "PIN", entity: "CONTACT", analyticsId: unmatched.analyticsId, salesforceId: free.id }, {});
      expect((await done(pinned.runId)).status).toBe("SUCCEEDED");
      const link = await db.matchLink.findUniqueOrThrow({ where: { integrationId_entity_analyticsId: { integrationId: px.id, entity: "CONTACT", analyticsId: unmatched.analyticsId } } });
      expect(link.salesforceId).toBe(free.id);
      const change = await db.syncRecordResult.findFirstOrThrow({ where: { runId: pinned.runId, recordId: unmatched.analyticsId } });
      expect(change.operation).toBe("linked");
    } finally {
      await stopWorker(worker);
      session.user = null;
    }
  });
});
