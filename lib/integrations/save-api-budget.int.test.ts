import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { db } from "@/lib/db";
import type { CurrentUser } from "@/lib/auth/session";
import type { RoleName } from "@/lib/auth/permissions";
import { truncateAll } from "@/lib/testing/database";
import { listIntegrationCards } from "@/lib/integrations/list-integrations";
import { saveFirstPullWindow, salesforcePullSettings } from "@/lib/integrations/pull-settings";
import { saveApiBudget } from "@/lib/integrations/save-api-budget";
import { PUT } from "@/app/api/integrations/[id]/api-budget/route";

// The Salesforce card's API budget: saved into Integration.pullSettings beside the keys set
// another way, audited, shown on the card, refused in sentences when out of range, when a run's
// share exceeds the day's, and for Pendo and PX.

const session = vi.hoisted(() => ({ user: null as CurrentUser | null }));
vi.mock("@/lib/auth/session", () => ({ getCurrentUser: async () => session.user }));

let ops: CurrentUser;
const ctx = () => ({ actor: { id: ops.id, email: ops.email }, ip: "203.0.113.7" });
const as = (role: RoleName): CurrentUser => ({ ...ops, role });

async function put(id: string, body: unknown): Promise<{ status: number; body: { error?: { message: string }; runPercent?: number; dailyPercent?: number } }> {
  const res = await PUT(
    new Request(`http://localhost/api/integrations/${id}/api-budget`, {
      method: "PUT",
      headers: { "content-type": "application/json", host: "localhost" },
      body: JSON.stringify(body),
    }),
    { params: Promise.resolve({ id }) },
  );
  return { status: res.status, body: (await res.json()) as never };
}

const storedSettings = async (id: string) => (await db.integration.findUniqueOrThrow({ where: { id } })).pullSettings;
const salesforceCard = async () => (await listIntegrationCards()).find((c) => c.system === "SALESFORCE")!;

beforeAll(async () => {
  await truncateAll(db);
  const u = await db.user.create({ data: { email: "ops@example.com", role: "OPS", passwordHash: null } });
  ops = { id: u.id, email: u.email, name: null, role: "OPS", mustChangePassword: false };
});

beforeEach(async () => {
  await db.auditLog.deleteMany();
  await db.integration.deleteMany();
  await db.integration.createMany({
    data: [
      // An operator's custom account source and first-pull window must survive a change of the budget.
      { id: "sf", system: "SALESFORCE", status: "CONNECTED", environment: "production", baseUrl: "https://login.example", apiMax: 15_000, apiUsed: 1_200, pullSettings: { accountObject: "Client__c", firstPullMonths: 6 } },
      { id: "pendo", system: "PENDO", status: "CONNECTED", environment: "us", baseUrl: "https://pendo.example" },
    ],
  });
  session.user = ops;
});

afterAll(async () => {
  await db.$disconnect();
});

describe("API budget", () => {
  it("defaults to 20% per run and 50% per 24 hours on the Salesforce card, with the allowance it knows; Pendo has none", async () => {
    const cards = await listIntegrationCards();
    expect(cards.find((c) => c.system === "SALESFORCE")).toMatchObject({ apiBudget: { runPercent: 20, dailyPercent: 50 }, api: { max: 15_000 } });
    expect(cards.find((c) => c.system === "PENDO")?.apiBudget).toBeNull();
  });

  it("merges the budget into the stored settings, keeps the other keys, shows it on the card and audits who changed it", async () => {
    expect(await saveApiBudget("sf", { runPercent: 10, dailyPercent: 30 }, ctx())).toEqual({ runPercent: 10, dailyPercent: 30 });
    expect(await storedSettings("sf")).toEqual({ accountObject: "Client__c", firstPullMonths: 6, apiBudget: { runPercent: 10, dailyPercent: 30 } });
    // What a run reads (lib/sync/api-budget.ts) and what the card shows.
    expect((await salesforcePullSettings("sf")).apiBudget).toEqual({ runPercent: 10, dailyPercent: 30 });
    expect((await salesforceCard()).apiBudget).toEqual({ runPercent: 10, dailyPercent: 30 });

    await saveApiBudget("sf", { runPercent: 50, dailyPercent: 50 }, ctx());
    const audit = await db.auditLog.findMany({ where: { action: "integration.api-budget.save" }, orderBy: { at: "asc" } });
    expect(audit.map((a) => [a.targetType, a.targetId, a.actorEmail, a.ip, a.before, a.after])).toEqual([
      ["Integration", "sf", "ops@example.com", "203.0.113.7", { runPercent: 20, dailyPercent: 50 }, { runPercent: 10, dailyPercent: 30 }],
      ["Integration", "sf", "ops@example.com", "203.0.113.7", { runPercent: 10, dailyPercent: 30 }, { runPercent: 50, dailyPercent: 50 }],
    ]);
  });

  it("writes and audits nothing when the budget does not change, the defaults included", async () => {
    await saveApiBudget("sf", { runPercent: 20, dailyPercent: 50 }, ctx());
    expect(await storedSettings("sf")).toEqual({ accountObject: "Client__c", firstPullMonths: 6 });
    expect(await db.auditLog.count()).toBe(0);
  });

  it("keeps a first-pull window saved at the same moment: the row lock serialises the two merges", async () => {
    await Promise.all([saveApiBudget("sf", { runPercent: 5, dailyPercent: 25 }, ctx()), saveFirstPullWindow("sf", 24, ctx())]);
    expect(await storedSettings("sf")).toEqual({ accountObject: "Client__c", firstPullMonths: 24, apiBudget: { runPercent: 5, dailyPercent: 25 } });
  });

  it("refuses a run's share above the day's, shares out of range, Pendo and unknown integrations, in sentences, changing nothing", async () => {
    await expect(saveApiBudget("sf", { runPercent: 60, dailyPercent: 50 }, ctx())).rejects.toMatchObject({
      code: "INVALID_INPUT",
      message: "A run cannot use a larger share than all runs of a day together: lower the run's share or raise the daily one.",
    });
    await expect(saveApiBudget("sf", { runPercent: 0, dailyPercent: 50 }, ctx())).rejects.toMatchObject({ code: "INVALID_INPUT", message: "Give at least 1%.", fields: { runPercent: "Give at least 1%." } });
    await expect(saveApiBudget("sf", { runPercent: 20, dailyPercent: 101 }, ctx())).rejects.toMatchObject({ code: "INVALID_INPUT", message: "Give at most 100%.", fields: { dailyPercent: "Give at most 100%." } });
    await expect(saveApiBudget("sf", { runPercent: 2.5, dailyPercent: 50 }, ctx())).rejects.toMatchObject({ code: "INVALID_INPUT", message: "Give a whole percentage." });
    await expect(saveApiBudget("pendo", { runPercent: 10, dailyPercent: 30 }, ctx())).rejects.toMatchObject({ code: "INVALID_INPUT", message: expect.stringMatching(/^Only Salesforce has an API budget/) });
    await expect(saveApiBudget("nope", { runPercent: 10, dailyPercent: 30 }, ctx())).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(await storedSettings("sf")).toEqual({ accountObject: "Client__c", firstPullMonths: 6 });
    expect(await storedSettings("pendo")).toBeNull();
    expect(await db.auditLog.count()).toBe(0);
  });

  it("PUT /api/integrations/[id]/api-budget saves for admins and ops, answers in sentences, refuses CSMs and viewers", async () => {
    expect(await put("sf", { runPercent: 15, dailyPercent: 40 })).toEqual({ status: 200, body: { runPercent: 15, dailyPercent: 40 } });
    session.user = as("ADMIN");
    expect(await put("sf", { runPercent: 25, dailyPercent: 60 })).toEqual({ status: 200, body: { runPercent: 25, dailyPercent: 60 } });

    const tooLarge = await put("sf", { runPercent: 70, dailyPercent: 60 });
    expect(tooLarge.status).toBe(422);
    expect(tooLarge.body.error?.message).toMatch(/A run cannot use a larger share than all runs of a day together/);
    const outOfRange = await put("sf", { runPercent: 25, dailyPercent: 150 });
    expect(outOfRange.status).toBe(422);
    expect(outOfRange.body.error?.message).toMatch(/Give at most 100%/);
    const missing = await put("sf", { runPercent: 25 });
    expect(missing.status).toBe(422);
    expect(missing.body.error?.message).toMatch(/Give a whole percentage/);
    const pendo = await put("pendo", { runPercent: 10, dailyPercent: 30 });
    expect(pendo.status).toBe(422);
    expect(pendo.body.error?.message).toMatch(/Only Salesforce has an API budget/);

    for (const role of ["CSM", "VIEWER"] as const) {
      session.user = as(role);
      expect((await put("sf", { runPercent: 1, dailyPercent: 1 })).status, role).toBe(403);
    }
    expect((await salesforcePullSettings("sf")).apiBudget).toEqual({ runPercent: 25, dailyPercent: 60 });
    expect(await db.auditLog.count({ where: { action: "integration.api-budget.save" } })).toBe(2);
  });
});
