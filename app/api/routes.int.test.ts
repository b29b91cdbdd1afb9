import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { ROLES, type RoleName } from "@/lib/auth/permissions";
import type { CurrentUser } from "@/lib/auth/session";
import type { GuardedHandler } from "@/lib/http/route";
import { db } from "@/lib/db";
import { truncateAll } from "@/lib/testing/database";
import { loadRouteHandlers } from "@/lib/testing/route-handlers";

// Calls every route handler in app/api as each role against the real database and asserts the
// permission matrix from the outside: what each role may call is written here, independently.

const session = vi.hoisted(() => ({ user: null as CurrentUser | null }));
vi.mock("@/lib/auth/session", () => ({ getCurrentUser: async () => session.user }));

const ALL = "ADMIN OPS CSM VIEWER";
const EXPECTED: Record<string, string> = {
  "GET /api/users": "ADMIN",
  "POST /api/users": "ADMIN",
  "PATCH /api/users/[id]": "ADMIN",
  "POST /api/users/[id]/reset-password": "ADMIN",
  // Sharing groups decide who sees which accounts: people's access, admins only (lib/auth/data-scope.ts).
  "GET /api/sharing-groups": "ADMIN",
  "POST /api/sharing-groups": "ADMIN",
  "PUT /api/sharing-groups/[id]": "ADMIN",
  "DELETE /api/sharing-groups/[id]": "ADMIN",
  "POST /api/sharing-groups/[id]/members": "ADMIN",
  "DELETE /api/sharing-groups/[id]/members": "ADMIN",
  "GET /api/audit": "ADMIN OPS",
  "GET /api/status": ALL,
  "PUT /api/account/password": ALL,
  "GET /api/integrations": ALL,
  "POST /api/integrations/salesforce/connect": "ADMIN OPS",
  "GET /api/integrations/salesforce/callback": "ADMIN OPS",
  "POST /api/integrations/pendo": "ADMIN OPS",
  "POST /api/integrations/px": "ADMIN OPS",
  "DELETE /api/integrations/[id]": "ADMIN OPS",
  "POST /api/integrations/[id]/test": "ADMIN OPS",
  "POST /api/integrations/[id]/describe": "ADMIN OPS",
  "POST /api/integrations/[id]/pull": "ADMIN OPS",
  "POST /api/integrations/[id]/sync": "ADMIN OPS",
  "POST /api/integrations/[id]/preview": "ADMIN OPS",
  "PUT /api/integrations/[id]/pull-settings": "ADMIN OPS",
  "PUT /api/integrations/[id]/api-budget": "ADMIN OPS",
  "GET /api/matching/[integrationId]/rules": "ADMIN OPS",
  "PUT /api/matching/[integrationId]/rules": "ADMIN OPS",
  "POST /api/matching/[integrationId]/preview": "ADMIN OPS",
  "POST /api/matching/overrides": "ADMIN OPS",
  "DELETE /api/matching/overrides": "ADMIN OPS",
  "GET /api/mappings/[integrationId]": "ADMIN OPS",
  "PUT /api/mappings/[integrationId]": "ADMIN OPS",
  "PUT /api/kpi-settings/[integrationId]": "ADMIN OPS",
  "POST /api/health/models": "ADMIN OPS",
  "POST /api/health/models/[version]/activate": "ADMIN OPS",
  "POST /api/health/backtest": "ADMIN OPS",
  "GET /api/health/backtest": "ADMIN OPS",
  "GET /api/accounts/export": ALL,
  "GET /api/accounts/[id]/qbr.csv": ALL,
  // Among CSMs only the account's own: checked after the guard (lib/accounts/account-page-csm.ts).
  "POST /api/accounts/[id]/health-override": "ADMIN OPS CSM",
  "DELETE /api/accounts/[id]/health-override": "ADMIN OPS CSM",
  // The CSM is set by admins and operations (issue 13); its history is read with the account.
  "PUT /api/accounts/[id]/csm": "ADMIN OPS",
  "GET /api/accounts/[id]/csm-history": ALL,
  "GET /api/csm/users": "ADMIN OPS",
  "GET /api/csm/settings/[integrationId]": "ADMIN OPS",
  "PUT /api/csm/settings/[integrationId]": "ADMIN OPS",
  "GET /api/exceptions": ALL,
  "GET /api/exceptions/export": ALL,
  "GET /api/runs": ALL,
  "GET /api/runs/[id]": ALL,
  "GET /api/runs/[id]/records.csv": ALL,
  "POST /api/runs/[id]/cancel": "ADMIN OPS",
  // Retries and dismissals of refused writes: whoever may Synchronize (issue 11).
  "POST /api/runs/[id]/retry": "ADMIN OPS",
  "POST /api/runs/retry-failed": "ADMIN OPS",
  "POST /api/dismissals": "ADMIN OPS",
  "DELETE /api/dismissals": "ADMIN OPS",
  "GET /api/config/export": "ADMIN OPS",
  "POST /api/config/import": "ADMIN OPS",
  // Alerts name integrations and runs, never account data: every role reads them and marks its own read.
  "GET /api/alerts": ALL,
  "GET /api/alerts/unread": ALL,
  "POST /api/alerts/read": ALL,
  "GET /api/alerts/settings": "ADMIN OPS",
  "PUT /api/alerts/settings": "ADMIN OPS",
  "POST /api/alerts/settings/test": "ADMIN OPS",
  // Each integration's pull and Synchronize schedules (issue 11): those who may run a sync.
  "GET /api/schedules": "ADMIN OPS",
  "PUT /api/schedules/[integrationId]/[action]": "ADMIN OPS",
  // The queue dashboard (bull-board): every method of the catch-all, admins only.
  "GET /api/queues/[[...path]]": "ADMIN",
  "POST /api/queues/[[...path]]": "ADMIN",
  "PUT /api/queues/[[...path]]": "ADMIN",
  "PATCH /api/queues/[[...path]]": "ADMIN",
};


const apiDir = path.resolve(import.meta.dirname);
const routes: { key: string; handler: GuardedHandler }[] = [];
const usersByRole = new Map<RoleName, CurrentUser>();

beforeAll(async () => {
  await truncateAll(db);
  routes.push(...(await loadRouteHandlers(apiDir)));
  for (const role of ROLES) {
    const u = await db.user.create({ data: { email: `${role.toLowerCase()}@matrix.test`, role, passwordHash: null } });
    usersByRole.set(role, { id: u.id, email: u.email, name: null, role, mustChangePassword: false });
  }
});

afterAll(async () => {
  await db.$disconnect();
});

function call(handler: GuardedHandler, key: string) {
  const [method, routePath] = key.split(" ") as [string, string];
  const url = `http://localhost${routePath.replace("[id]", "no-such-id")}`;
  const init: RequestInit = { method, headers: { "content-type": "application/json", host: "localhost" } };
  if (method !== "GET") init.body = "{}";
  return handler(new Request(url, init), { params: Promise.resolve({ id: "no-such-id" }) });
}

describe("route permission matrix", () => {
  it("every route handler is guarded and listed in the expected matrix", () => {
    expect(routes.map((r) => r.key).sort()).toEqual(Object.keys(EXPECTED).sort());
    for (const r of routes) expect(r.handler.permission, r.key).toBeTypeOf("string");
  });

  it("refuses every route without a session (401)", async () => {
    session.user = null;
    for (const r of routes) {
      const res = await call(r.handler, r.key);
      expect(res.status, r.key).toBe(401);
    }
  });

  for (const role of ROLES) {
    it(`applies the matrix for ${role}`, async () => {
      session.user = usersByRole.get(role)!;
      for (const r of routes) {
        const allowed = EXPECTED[r.key]!.split(" ").includes(role);
        const res = await call(r.handler, r.key);
        const body = (res.headers.get("content-type")?.includes("json") ? await res.json() : {}) as { error?: { code: string } };
        if (allowed) {
          // Allowed calls get past the guard: success, or a validation/not-found answer about the input.
          expect([200, 201, 303, 404, 409, 422], `${role} ${r.key} → ${res.status} ${JSON.stringify(body)}`).toContain(res.status);
        } else {
          expect(res.status, `${role} ${r.key}`).toBe(403);
          expect(body.error?.code).toBe("FORBIDDEN");
        }
      }
    });
  }

  it("refuses a cross-site mutation even for an admin", async () => {
    session.user = usersByRole.get("ADMIN")!;
    const handler = routes.find((r) => r.key === "POST /api/users")!.handler;
    const res = await handler(
      new Request("http://localhost/api/users", {
        method: "POST",
        headers: { "content-type": "application/json", host: "localhost", origin: "https://evil.example" },
        body: JSON.stringify({ email: "x@y.io", role: "ADMIN" }),
      }),
      { params: Promise.resolve({}) },
    );
    expect(res.status).toBe(403);
    expect(await db.user.count({ where: { email: "x@y.io" } })).toBe(0);
  });
});
