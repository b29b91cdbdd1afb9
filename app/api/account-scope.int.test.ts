import { readdirSync, statSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { CurrentUser } from "@/lib/auth/session";
import { db } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";
import { truncateAll } from "@/lib/testing/database";
import { loadRouteHandlers, type RouteHandler } from "@/lib/testing/route-handlers";
import { accountPage } from "@/lib/accounts/account-page";
import { changeSelection } from "@/lib/accounts/account-page-change";
import { findVisibleAccount } from "@/lib/accounts/account-page-scope";
import { accountFilterSchema } from "@/lib/accounts/list-filter";
import { listAccounts } from "@/lib/accounts/list-accounts";
import { qbrSummary } from "@/lib/accounts/qbr";
import { DEFAULT_HEALTH_MODEL } from "@/lib/health/default-model";
import { healthModelPage } from "@/lib/health/health-model-page";
import type { BacktestJobStatus } from "@/lib/health/backtest-job";
import { visibleBacktest } from "@/lib/health/backtest-visible";
import { exceptionFilterSchema, listExceptions, listRetiredAccounts } from "@/lib/matching/list-matches";
import { listRunRecords, recordFilterSchema } from "@/lib/sync/history/run-detail";
import { loadFailedCalls } from "@/lib/sync/history/failed-calls";
import { OPERATOR } from "@/lib/auth/data-scope";

// Sharing groups end to end (issue 13, "a test that walks every route"): a public-sector account
// protected by a group, an open account, a member (operations) and an outsider (an admin: roles do
// not see past a group). Every route handler in app/api is found on disk and called as both:
// - every GET: the outsider's answer never holds the protected account's id or name;
// - every handler under /api/accounts/[id]: the outsider gets 404 for the protected account, as for
//   an id that does not exist, and not for the open one; the member gets past the scope;
// - every other account route and every account page must be listed below with its checks, so a
//   new one fails here until someone says how it is scoped.

const session = vi.hoisted(() => ({ user: null as CurrentUser | null }));
vi.mock("@/lib/auth/session", () => ({ getCurrentUser: async () => session.user }));

const SF = "sf-walk";
const PROTECTED = { id: "001WALK00000SECRET", name: "Ministry of Quiet Affairs" };
const OPEN = { id: "001WALK000000OPEN1", name: "Open Widgets Ltd" };
const RETIRED = { id: "001WALK000000GONE1", name: "Department of Bygone Things" };
const UNKNOWN = "001WALK00000NOSUCH";
const SECRET_NAMES = [PROTECTED.name, RETIRED.name];
const RUN = "run-walk";

/** Body each mutating account route needs to get past validation. A new one must be added here. */
const future = new Date(Date.now() + 30 * 86_400_000).toISOString();
const BODIES: Record<string, unknown> = {
  "POST /api/accounts/[id]/health-override": { score: 42, reason: "Walking every route", expiresAt: future },
  "PUT /api/accounts/[id]/csm": { sfUserId: null },
};

/**
 * GET routes whose answer may name a protected account to an outsider, and why. Each is an
 * operational record kept whole on purpose; see the comment at the read model named.
 */
const LEAK_EXEMPT: Record<string, string> = {
  // The audit log records who did what to which account (the member's override below): auditors read it whole.
  "GET /api/audit": "lib/audit/list-audit.ts: the record of changes, for admins and operations",
};

/**
 * GET routes that may show a protected account's bare id (never its name) to an outsider, and why.
 */
const IDS_SHOWN: Record<string, string> = {
  // An exception lists the candidate ids matching found, so it can be resolved; names are left out (lib/matching/list-matches.ts).
  "GET /api/exceptions": "matching exceptions: candidate ids, without names",
  "GET /api/exceptions/export": "matching exceptions: candidate ids, without names",
};

/** /api/account** routes that are not about Salesforce accounts. */
const NOT_ACCOUNT_DATA: Record<string, string> = {
  "PUT /api/account/password": "the signed-in user's own password",
};

let member: CurrentUser;
let outsider: CurrentUser;
let groupId: string;
const routes: RouteHandler[] = [];

async function user(email: string, role: CurrentUser["role"]): Promise<CurrentUser> {
  const u = await db.user.create({ data: { email, role, passwordHash: null } });
  return { id: u.id, email: u.email, name: null, role, mustChangePassword: false };
}

function account(a: { id: string; name: string }, fields: Record<string, unknown>, state: "ACTIVE" | "TO_DELETE" = "ACTIVE") {
  const now = new Date();
  return {
    integrationId: SF,
    id: a.id,
    objectName: "Account",
    name: a.name,
    fields: fields as Prisma.InputJsonValue,
    systemModstamp: now,
    state,
    deletedAt: state === "ACTIVE" ? null : now,
    contentHash: a.id,
    pulledAt: now,
  };
}

const today = new Date(`${new Date().toISOString().slice(0, 10)}T00:00:00Z`);
/** HealthScore.measures as the scoring stores it (lib/accounts/account-page-health.ts StoredHealthDetail), with no measure. */
const detail = (colour: string) => ({
  measures: [],
  groups: [],
  reason: `scored ${colour}`,
  critical: false,
  atRisk: colour === "red",
  segment: null,
  bands: DEFAULT_HEALTH_MODEL.bands,
  redMeasures: [],
  usageSource: null,
  kpiDay: null,
});

beforeAll(async () => {
  await truncateAll(db);
  routes.push(...(await loadRouteHandlers(path.resolve(import.meta.dirname))));
  member = await user("member@walk.test", "OPS");
  outsider = await user("outsider@walk.test", "ADMIN");
  await db.sfAccount.createMany({
    data: [
      account(PROTECTED, { Public_Sector__c: true, ARR__c: 900000, ARR_Tier__c: "Government" }),
      account(OPEN, { Public_Sector__c: false, ARR__c: 1000, ARR_Tier__c: "SMB" }),
      account(RETIRED, { Public_Sector__c: true }, "TO_DELETE"),
    ],
  });
  const group = await db.sharingGroup.create({ data: { name: "Public sector", fieldName: "Public_Sector__c", fieldValue: "true", members: { create: { userId: member.id } } } });
  groupId = group.id;
  await db.healthScore.createMany({
    data: [
      { accountId: PROTECTED.id, day: today, modelVersion: 1, score: 20, colour: "red", measures: detail("red"), missing: [], computedAt: new Date() },
      { accountId: OPEN.id, day: today, modelVersion: 1, score: 80, colour: "green", measures: detail("green"), missing: [], computedAt: new Date() },
    ],
  });
  // An unmatched Pendo account whose candidate is the protected account.
  await db.matchException.create({
    data: {
      integrationId: "pendo-walk",
      entity: "ACCOUNT",
      analyticsId: "pendo-acct-1",
      kind: "AMBIGUOUS",
      reason: "two candidates",
      tried: [{ criterion: "name", outcome: "many", candidates: [PROTECTED.id, OPEN.id] }],
      salesforceId: null,
      sharedWith: [],
      since: new Date(),
    },
  });
  // A sync run that pushed to both accounts.
  await db.syncRun.create({
    data: {
      id: RUN,
      integrationId: SF,
      system: "SALESFORCE",
      kind: "SYNC",
      trigger: "manual",
      status: "SUCCEEDED",
      steps: { create: { id: "step-walk", position: 1, name: "push-salesforce", integrationId: SF, status: "SUCCEEDED" } },
    },
  });
  await db.syncRecordResult.createMany({
    data: [PROTECTED, OPEN].map((a) => ({ runId: RUN, stepId: "step-walk", system: "salesforce", object: "account", recordId: a.id, operation: "update", outcome: "failed", errorCode: "FIELD_INVALID", message: `value for ${a.name} refused`, fields: { PX_Health_Score__c: 20, Name: a.name } })),
  });
});

afterAll(async () => {
  await db.$disconnect();
});

/** Fills a route's path parameters with the records of this walk. */
function paramsFor(r: RouteHandler, accountId: string): Record<string, string> | null {
  if (r.path.includes("[[...")) return null;
  const params: Record<string, string> = {};
  for (const [, name] of r.path.matchAll(/\[([^\]]+)\]/g)) {
    if (name === "id") {
      if (r.path.startsWith("/api/accounts/")) params.id = accountId;
      else if (r.path.startsWith("/api/runs/")) params.id = RUN;
      else if (r.path.startsWith("/api/sharing-groups/")) params.id = groupId;
      else params.id = outsider.id;
    } else if (name === "integrationId") params.integrationId = SF;
    else if (name === "version") params.version = "1";
    else params[name!] = "walk";
  }
  return params;
}

async function call(r: RouteHandler, as: CurrentUser, accountId: string, query = ""): Promise<{ status: number; text: string; code?: string }> {
  session.user = as;
  const params = paramsFor(r, accountId) ?? {};
  const url = `http://localhost${r.path.replace(/\[([^\]]+)\]/g, (_, n: string) => params[n] ?? n)}${query}`;
  const body = r.method === "GET" ? undefined : JSON.stringify(BODIES[`${r.method} ${r.path}`] ?? {});
  const res = await r.handler(new Request(url, { method: r.method, headers: { "content-type": "application/json", host: "localhost" }, body }), { params: Promise.resolve(params) });
  const text = await res.text();
  let code: string | undefined;
  try {
    code = (JSON.parse(text) as { error?: { code?: string } }).error?.code;
  } catch {
    code = undefined;
  }
  return { status: res.status, text, code };
}

const isAccountRoute = (r: RouteHandler) => /^\/api\/accounts?(\/|$)/.test(r.path);
const isAccountIdRoute = (r: RouteHandler) => r.path.startsWith("/api/accounts/[id]");

describe("every GET route as an outsider", () => {
  it("never names the protected account (nor a retired one of the group)", async () => {
    const gets = routes.filter((r) => r.method === "GET" && paramsFor(r, PROTECTED.id) !== null);
    expect(gets.length).toBeGreaterThan(10);
    for (const r of gets) {
      if (LEAK_EXEMPT[r.key]) continue;
      const { text } = await call(r, outsider, PROTECTED.id);
      // An account route's 404 repeats the id asked for (as for any id): that one is checked below.
      const ids = IDS_SHOWN[r.key] || isAccountIdRoute(r) ? [] : [PROTECTED.id, RETIRED.id];
      for (const secret of [...ids, ...SECRET_NAMES]) expect(text.includes(secret), `${r.key} shows ${secret} to an outsider`).toBe(false);
    }
  });
});

describe("every route under /api/accounts/[id]", () => {
  it("answers 404 to an outsider for the protected account, exactly as for an id the hub does not hold", async () => {
    const byId = routes.filter(isAccountIdRoute);
    expect(byId.map((r) => r.key)).toEqual(expect.arrayContaining(["GET /api/accounts/[id]/qbr.csv", "POST /api/accounts/[id]/health-override"]));
    for (const r of byId) {
      if (r.handler.accepts.body && r.method !== "DELETE") expect(BODIES[r.key], `${r.key}: add a valid body to BODIES so the walk reaches its scope`).toBeDefined();
      const hidden = await call(r, outsider, PROTECTED.id);
      const unknown = await call(r, outsider, UNKNOWN);
      expect([hidden.status, hidden.code], `${r.key} as an outsider`).toEqual([404, "NOT_FOUND"]);
      // Word for word the answer an id the hub does not hold gets: a 404 tells nothing apart.
      expect(hidden.text, `${r.key}: the outsider's 404 differs from an unknown id's`).toBe(unknown.text.replaceAll(UNKNOWN, PROTECTED.id));
    }
  });

  it("lets the outsider reach the open account and the member reach the protected one", async () => {
    for (const r of routes.filter(isAccountIdRoute)) {
      for (const [who, as, id] of [
        ["outsider, open account", outsider, OPEN.id],
        ["member, protected account", member, PROTECTED.id],
      ] as const) {
        const res = await call(r, as, id);
        expect(res.status, `${r.key} as ${who}: ${res.text.slice(0, 200)}`).not.toBe(404);
        if (r.method === "GET") expect(res.status, `${r.key} as ${who}`).toBe(200);
      }
    }
  });
});

describe("the other account routes", () => {
  /** Checks of each account route without an account id; a new one fails until it has its own. */
  const COLLECTION: Record<string, (r: RouteHandler) => Promise<void>> = {
    "GET /api/accounts/export": async (r) => {
      const mine = await call(r, member, "", "?sort=name");
      expect(mine.status).toBe(200);
      expect(mine.text).toContain(PROTECTED.name);
      const theirs = await call(r, outsider, "", "?sort=name");
      expect(theirs.text).toContain(OPEN.name);
      expect(theirs.text).not.toContain(PROTECTED.name);
      // Search by name and by id prefix finds nothing hidden.
      for (const q of ["Ministry", PROTECTED.id.slice(0, 14)]) {
        expect((await call(r, outsider, "", `?q=${encodeURIComponent(q)}`)).text.trim().split("\n")).toHaveLength(1);
        expect((await call(r, member, "", `?q=${encodeURIComponent(q)}`)).text.trim().split("\n")).toHaveLength(2);
      }
    },
  };

  it("are each listed here with their checks, and pass them", async () => {
    const others = routes.filter((r) => isAccountRoute(r) && !isAccountIdRoute(r));
    for (const r of others) {
      if (NOT_ACCOUNT_DATA[r.key]) continue;
      const check = COLLECTION[r.key];
      expect(check, `${r.key}: a new account route; add its scope checks to COLLECTION`).toBeDefined();
      await check!(r);
    }
  });
});

describe("runs, exceptions and health as an outsider", () => {
  it("withholds the protected account's record on a run page, keeping its outcome in the count", async () => {
    const page = await listRunRecords(RUN, recordFilterSchema.parse({}), outsider);
    expect(page.total).toBe(2);
    expect(page.records.map((x) => x.recordId).sort()).toEqual([OPEN.id, "withheld"].sort());
    const row = page.records.find((x) => x.recordId === "withheld")!;
    expect(row).toMatchObject({ name: null, fields: null, outcome: "failed", errorCode: "FIELD_INVALID" });
    expect(page.records.find((x) => x.recordId === OPEN.id)).toMatchObject({ name: OPEN.name });
    const mine = await listRunRecords(RUN, recordFilterSchema.parse({}), member);
    expect(mine.records.find((x) => x.recordId === PROTECTED.id)).toMatchObject({ name: PROTECTED.name, fields: { Name: PROTECTED.name } });
  });

  it("shows a failed call's bodies only to readers who see every account: they name accounts of every group", async () => {
    const body = JSON.stringify({ allOrNone: false, records: [PROTECTED, OPEN].map((a) => ({ Id: a.id, Name: a.name })) });
    await db.syncFailedCall.create({ data: { runId: RUN, stepId: "step-walk", system: "salesforce", label: "PATCH /composite/sobjects", method: "PATCH", path: "/composite/sobjects", status: 200, request: body, response: "[]", records: 2, refused: 2 } });
    const [hidden] = await loadFailedCalls(RUN, outsider);
    expect(hidden).toMatchObject({ withheld: true, request: null, response: null, records: 2, refused: 2, path: "/composite/sobjects" });
    expect(JSON.stringify(hidden)).not.toContain(PROTECTED.name);
    expect(await loadFailedCalls(RUN, OPERATOR)).toEqual([expect.objectContaining({ withheld: false, request: body })]);
  });

  it("lists retired accounts and names exception candidates only within the reader's groups", async () => {
    expect((await listRetiredAccounts(outsider)).map((a) => a.id)).toEqual([]);
    expect((await listRetiredAccounts(member)).map((a) => a.id)).toEqual([RETIRED.id]);
    const theirs = await listExceptions(exceptionFilterSchema.parse({}), outsider);
    expect(theirs.rows[0]!.candidateNames).toEqual({ [OPEN.id]: OPEN.name });
    const mine = await listExceptions(exceptionFilterSchema.parse({}), member);
    expect(mine.rows[0]!.candidateNames).toEqual({ [OPEN.id]: OPEN.name, [PROTECTED.id]: PROTECTED.name });
  });

  it("keeps a backtest's figures whole and lists only the reader's accounts", async () => {
    const horizon = { days: 30, outcomes: 2, scored: 2, unscored: 0, points: [PROTECTED, OPEN].map((a) => ({ accountId: a.id, outcome: "churned", day: "2026-01-01" })) };
    const backtest = { modelVersion: 1, outcomes: [PROTECTED, OPEN].map((a) => ({ accountId: a.id, name: a.name, outcome: "churned", date: "2026-01-31" })), horizons: [horizon] };
    const status = { jobId: "1", state: "done", result: { version: 1, compare: null, backtest, comparison: null } } as unknown as BacktestJobStatus;
    const theirs = (await visibleBacktest(status, outsider)) as Extract<BacktestJobStatus, { state: "done" }>;
    expect(theirs.result.backtest!.outcomes.map((o) => o.accountId)).toEqual([OPEN.id]);
    expect(theirs.result.backtest!.horizons[0]).toMatchObject({ outcomes: 2, scored: 2 });
    expect(theirs.result.backtest!.horizons[0]!.points.map((p) => p.accountId)).toEqual([OPEN.id]);
    expect(await visibleBacktest(status, member)).toBe(status);
  });

  it("counts colours on the Health model page over the reader's accounts only", async () => {
    expect((await healthModelPage(outsider)).latest).toMatchObject({ red: 0, green: 1 });
    expect((await healthModelPage(member)).latest).toMatchObject({ red: 1, green: 1 });
  });
});

describe("every account page", () => {
  const consoleDir = path.resolve(import.meta.dirname, "..", "(console)");
  const pages = (dir: string): string[] =>
    readdirSync(dir).flatMap((name) => {
      const full = path.join(dir, name);
      if (statSync(full).isDirectory()) return pages(full);
      return name === "page.tsx" || name === "layout.tsx" ? [path.relative(consoleDir, full).split(path.sep).join("/")] : [];
    });
  const view = (id: string, as: CurrentUser) => ({ viewer: as, change: changeSelection({}), id });

  /** Each page (and layout) under accounts/, with the read model it calls, seen by both readers. */
  const PAGE_READS: Record<string, () => Promise<void>> = {
    "accounts/(list)/page.tsx": async () => {
      const filter = accountFilterSchema.parse({});
      const theirs = await listAccounts(filter, outsider);
      expect(theirs.accounts.map((a) => a.id)).toEqual([OPEN.id]);
      expect(theirs.total).toBe(1);
      expect(theirs.options.segments).toEqual(["SMB"]);
      const searched = await listAccounts(accountFilterSchema.parse({ q: "Ministry" }), outsider);
      expect(searched.total).toBe(0);
      const mine = await listAccounts(filter, member);
      expect(mine.accounts.map((a) => a.id).sort()).toEqual([OPEN.id, PROTECTED.id, RETIRED.id].sort());
      expect(mine.options.segments).toEqual(["Government", "SMB"]);
    },
    "accounts/[id]/layout.tsx": async () => {
      expect(await findVisibleAccount(PROTECTED.id, outsider)).toBeNull();
      expect(await findVisibleAccount(PROTECTED.id, member)).not.toBeNull();
    },
    "accounts/[id]/page.tsx": async () => {
      const o = view(PROTECTED.id, outsider);
      expect(await accountPage(o.id, o)).toBeNull();
      const m = view(PROTECTED.id, member);
      expect((await accountPage(m.id, m))?.account.name).toBe(PROTECTED.name);
    },
    "accounts/[id]/qbr/page.tsx": async () => {
      expect(await qbrSummary(PROTECTED.id, outsider)).toBeNull();
      expect((await qbrSummary(PROTECTED.id, member))?.account.name).toBe(PROTECTED.name);
    },
  };

  it("is listed with its read model, which hides the protected account from the outsider only", async () => {
    const found = pages(consoleDir).filter((p) => p.startsWith("accounts/"));
    expect(found.length).toBeGreaterThanOrEqual(4);
    for (const p of found) {
      expect(PAGE_READS[p], `${p}: a new account page; add the read model it calls to PAGE_READS`).toBeDefined();
      await PAGE_READS[p]!();
    }
  });
});
