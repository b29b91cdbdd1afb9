import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { db } from "@/lib/db";
import type { CurrentUser } from "@/lib/auth/session";
import { truncateAll } from "@/lib/testing/database";
import { listIntegrationCards } from "@/lib/integrations/list-integrations";
import { saveFirstPullWindow, salesforcePullSettings } from "@/lib/integrations/pull-settings";
import { PUT } from "@/app/api/integrations/[id]/pull-settings/route";

// The Salesforce card's first-pull window: saved into Integration.pullSettings beside the keys an
// operator set another way, audited, shown on the card, refused for Pendo and PX.

const session = vi.hoisted(() => ({ user: null as CurrentUser | null }));
vi.mock("@/lib/auth/session", () => ({ getCurrentUser: async () => session.user }));

let admin: CurrentUser;
const ctx = () => ({ actor: { id: admin.id, email: admin.email }, ip: "203.0.113.9" });

function put(id: string, body: unknown) {
  return PUT(
    new Request(`http://localhost/api/integrations/${id}/pull-settings`, {
      method: "PUT",
      headers: { "content-type": "application/json", host: "localhost" },
      body: JSON.stringify(body),
    }),
    { params: Promise.resolve({ id }) },
  );
}

beforeAll(async () => {
  await truncateAll(db);
  const u = await db.user.create({ data: { email: "ops@example.com", role: "OPS", passwordHash: null } });
  admin = { id: u.id, email: u.email, name: null, role: "OPS", mustChangePassword: false };
});

beforeEach(async () => {
  await db.auditLog.deleteMany();
  await db.integration.deleteMany();
  await db.integration.createMany({
    data: [
      // An operator's custom account source and page size must survive a change of the window.
      { id: "sf", system: "SALESFORCE", status: "CONNECTED", environment: "production", baseUrl: "https://login.example", pullSettings: { accountObject: "Client__c", pageSize: 500 } },
      { id: "pendo", system: "PENDO", status: "CONNECTED", environment: "us", baseUrl: "https://pendo.example" },
    ],
  });
  session.user = admin;
});

afterAll(async () => {
  await db.$disconnect();
});

describe("first-pull window", () => {
  it("defaults to everything and says so on the Salesforce card", async () => {
    expect((await salesforcePullSettings("sf")).firstPullMonths).toBeNull();
    const cards = await listIntegrationCards();
    expect(cards.find((c) => c.system === "SALESFORCE")?.firstPullMonths).toBeNull();
  });

  it("merges the window into the stored settings, keeps the other keys, and audits who changed it", async () => {
    expect(await saveFirstPullWindow("sf", 6, ctx())).toEqual({ firstPullMonths: 6 });
    const row = await db.integration.findUniqueOrThrow({ where: { id: "sf" } });
    expect(row.pullSettings).toEqual({ accountObject: "Client__c", pageSize: 500, firstPullMonths: 6 });
    expect(await salesforcePullSettings("sf")).toMatchObject({ accountObject: "Client__c", pageSize: 500, firstPullMonths: 6 });
    expect((await listIntegrationCards()).find((c) => c.system === "SALESFORCE")?.firstPullMonths).toBe(6);

    await saveFirstPullWindow("sf", null, ctx());
    expect((await db.integration.findUniqueOrThrow({ where: { id: "sf" } })).pullSettings).toEqual({ accountObject: "Client__c", pageSize: 500, firstPullMonths: null });

    const audit = await db.auditLog.findMany({ where: { action: "integration.first-pull-window.save" }, orderBy: { at: "asc" } });
    expect(audit.map((a) => [a.targetId, a.actorEmail, a.ip, a.before, a.after])).toEqual([
      ["sf", "ops@example.com", "203.0.113.9", { firstPullMonths: null }, { firstPullMonths: 6 }],
      ["sf", "ops@example.com", "203.0.113.9", { firstPullMonths: 6 }, { firstPullMonths: null }],
    ]);
  });

  it("writes and audits nothing when the window does not change", async () => {
    await saveFirstPullWindow("sf", null, ctx());
    expect(await db.auditLog.count()).toBe(0);
    expect((await db.integration.findUniqueOrThrow({ where: { id: "sf" } })).pullSettings).toEqual({ accountObject: "Client__c", pageSize: 500 });
  });

  it("refuses Pendo and PX, unknown integrations and windows out of range, changing nothing", async () => {
    await expect(saveFirstPullWindow("pendo", 6, ctx())).rejects.toMatchObject({ code: "INVALID_INPUT", message: expect.stringMatching(/Only Salesforce has a first-pull window/) });
    await expect(saveFirstPullWindow("nope", 6, ctx())).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(saveFirstPullWindow("sf", 0, ctx())).rejects.toThrow();
    await expect(saveFirstPullWindow("sf", 121, ctx())).rejects.toThrow();
    await expect(saveFirstPullWindow("sf", 2.5, ctx())).rejects.toThrow();
    expect((await db.integration.findUniqueOrThrow({ where: { id: "pendo" } })).pullSettings).toBeNull();
    expect((await db.integration.findUniqueOrThrow({ where: { id: "sf" } })).pullSettings).toEqual({ accountObject: "Client__c", pageSize: 500 });
    expect(await db.auditLog.count()).toBe(0);
  });

  it("PUT /api/integrations/[id]/pull-settings saves for admins and ops, answers in sentences, refuses CSMs", async () => {
    const ok = await put("sf", { firstPullMonths: 12 });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({ firstPullMonths: 12 });
    expect((await salesforcePullSettings("sf")).firstPullMonths).toBe(12);

    const pendo = await put("pendo", { firstPullMonths: 12 });
    expect(pendo.status).toBe(422);
    expect(((await pendo.json()) as { error: { message: string } }).error.message).toMatch(/Only Salesforce/);

    const tooLong = await put("sf", { firstPullMonths: 500 });
    expect(tooLong.status).toBe(422);
    expect(((await tooLong.json()) as { error: { message: string } }).error.message).toMatch(/at most 120 months/);

    const missing = await put("sf", {});
    expect(missing.status).toBe(422);

    session.user = { ...admin, role: "CSM" };
    expect((await put("sf", { firstPullMonths: null })).status).toBe(403);
    expect((await salesforcePullSettings("sf")).firstPullMonths).toBe(12);
  });
});
