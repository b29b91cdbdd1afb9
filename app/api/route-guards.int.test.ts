import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { CurrentUser } from "@/lib/auth/session";
import type { GuardedHandler } from "@/lib/http/route";
import { PEER_ADDRESS_HEADER } from "@/lib/auth/client-address";
import { db } from "@/lib/db";
import { truncateAll } from "@/lib/testing/database";
import { loadRouteHandlers } from "@/lib/testing/route-handlers";

// Hardening, "Sign-in and sessions": what lib/http/route.ts decides before any handler runs.
// - A user still on a one-time password may call nothing but the password endpoint.
// - The client address in the route context (and so in the audit log) is the socket's, not
//   whatever X-Forwarded-For says, when no trusted proxy is configured (none is in tests).

const session = vi.hoisted(() => ({ user: null as CurrentUser | null }));
vi.mock("@/lib/auth/session", () => ({ getCurrentUser: async () => session.user }));

const PASSWORD_ROUTE = "PUT /api/account/password";


const apiDir = path.resolve(import.meta.dirname);
const routes: { key: string; handler: GuardedHandler }[] = [];
let admin: CurrentUser;

beforeAll(async () => {
  await truncateAll(db);
  routes.push(...(await loadRouteHandlers(apiDir)));
  const u = await db.user.create({ data: { email: "admin@guards.test", role: "ADMIN", passwordHash: null } });
  admin = { id: u.id, email: u.email, name: null, role: "ADMIN", mustChangePassword: false };
});

afterAll(async () => {
  await db.$disconnect();
});

function call(handler: GuardedHandler, key: string, body: unknown = {}, headers: Record<string, string> = {}) {
  const [method, routePath] = key.split(" ") as [string, string];
  const url = `http://localhost${routePath.replace("[id]", "no-such-id")}`;
  const init: RequestInit = { method, headers: { "content-type": "application/json", host: "localhost", ...headers } };
  if (method !== "GET") init.body = JSON.stringify(body);
  return handler(new Request(url, init), { params: Promise.resolve({ id: "no-such-id" }) });
}

describe("a user who must change their one-time password", () => {
  it("is refused by every API route, with a sentence saying to set a password first", async () => {
    expect(routes.length).toBeGreaterThan(10);
    session.user = { ...admin, mustChangePassword: true };
    for (const r of routes) {
      if (r.key === PASSWORD_ROUTE) continue;
      const res = await call(r.handler, r.key);
      const body = (await res.json()) as { error?: { code: string; message: string } };
      expect(res.status, r.key).toBe(403);
      expect(body.error?.message, r.key).toMatch(/set (your own|a) password/i);
    }
  });

  it("may still reach the password endpoint", async () => {
    session.user = { ...admin, mustChangePassword: true };
    const handler = routes.find((r) => r.key === PASSWORD_ROUTE)!.handler;
    const res = await call(handler, PASSWORD_ROUTE, {});
    // Past the guard: the body is checked (and refused) by the route's own schema.
    expect(res.status).toBe(422);
  });

  it("is let through once the password is changed", async () => {
    session.user = admin;
    const res = await call(routes.find((r) => r.key === "GET /api/users")!.handler, "GET /api/users");
    expect(res.status).toBe(200);
  });
});

describe("the client address routes and the audit log see", () => {
  it("is the socket address, not a spoofed X-Forwarded-For", async () => {
    session.user = admin;
    const target = await db.user.create({ data: { email: "target@guards.test", role: "VIEWER", passwordHash: null } });
    const handler = routes.find((r) => r.key === "PATCH /api/users/[id]")!.handler;
    const res = await handler(
      new Request(`http://localhost/api/users/${target.id}`, {
        method: "PATCH",
        headers: {
          "content-type": "application/json",
          host: "localhost",
          "x-forwarded-for": "6.6.6.6",
          [PEER_ADDRESS_HEADER]: "::ffff:198.51.100.23",
        },
        body: JSON.stringify({ role: "CSM" }),
      }),
      { params: Promise.resolve({ id: target.id }) },
    );
    expect(res.status).toBe(200);
    const entry = await db.auditLog.findFirstOrThrow({ where: { targetId: target.id, action: "user.update" } });
    expect(entry.ip).toBe("198.51.100.23");
  });

  it("is unknown (null), not the header, when the socket address is not available", async () => {
    session.user = admin;
    const target = await db.user.create({ data: { email: "target2@guards.test", role: "VIEWER", passwordHash: null } });
    const handler = routes.find((r) => r.key === "PATCH /api/users/[id]")!.handler;
    await handler(
      new Request(`http://localhost/api/users/${target.id}`, {
        method: "PATCH",
        headers: { "content-type": "application/json", host: "localhost", "x-forwarded-for": "6.6.6.6" },
        body: JSON.stringify({ role: "CSM" }),
      }),
      { params: Promise.resolve({ id: target.id }) },
    );
    const entry = await db.auditLog.findFirstOrThrow({ where: { targetId: target.id, action: "user.update" } });
    expect(entry.ip).toBeNull();
  });
});
