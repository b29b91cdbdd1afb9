import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { CurrentUser } from "@/lib/auth/session";
import { db } from "@/lib/db";
import { childProcessEnv } from "@/lib/testing/child-env";
import { truncateAll } from "@/lib/testing/database";
import { dataScope } from "@/lib/auth/data-scope";
import { sharingGroupFields } from "@/lib/sharing-groups/sharing-group-fields";
import { sharingGroupsPage } from "@/lib/sharing-groups/sharing-groups-page";
import { GET as listRoute, POST as createRoute } from "@/app/api/sharing-groups/route";
import { DELETE as deleteRoute, PUT as updateRoute } from "@/app/api/sharing-groups/[id]/route";
import { DELETE as removeRoute, POST as addRoute } from "@/app/api/sharing-groups/[id]/members/route";

// Settings › Sharing groups through its routes, against the real database: a rule checked against
// the cached describe, members added and removed (idempotently), every change audited, and the
// scope of a member following at their next request.

const session = vi.hoisted(() => ({ user: null as CurrentUser | null }));
vi.mock("@/lib/auth/session", () => ({ getCurrentUser: async () => session.user }));

let admin: CurrentUser;
let csm: CurrentUser;

const FIELDS = [
  { name: "Public_Sector__c", label: "Public Sector", type: "boolean" },
  { name: "Industry", label: "Industry", type: "picklist" },
].map((f) => ({ ...f, length: 0, updateable: true, createable: true, custom: f.name.endsWith("__c"), externalId: false, unique: false, nillable: true }));

async function send(handler: (r: Request, c: { params: Promise<Record<string, string>> }) => Promise<Response>, method: string, url: string, body?: unknown, params: Record<string, string> = {}) {
  const res = await handler(
    new Request(`http://localhost${url}`, { method, headers: { "content-type": "application/json", host: "localhost" }, body: body === undefined ? undefined : JSON.stringify(body) }),
    { params: Promise.resolve(params) },
  );
  return { status: res.status, body: (await res.json()) as Record<string, unknown> & { error?: { code: string; message: string; fields?: Record<string, string> } } };
}

beforeAll(async () => {
  await truncateAll(db);
  const a = await db.user.create({ data: { email: "admin@sharing.test", role: "ADMIN", passwordHash: null } });
  const c = await db.user.create({ data: { email: "csm@sharing.test", role: "CSM", passwordHash: null } });
  admin = { id: a.id, email: a.email, name: null, role: "ADMIN", mustChangePassword: false };
  csm = { id: c.id, email: c.email, name: null, role: "CSM", mustChangePassword: false };
  const sf = await db.integration.create({ data: { system: "SALESFORCE", status: "CONNECTED", environment: "production", baseUrl: "http://127.0.0.1:9", secrets: "sealed" } });
  await db.salesforceDescribe.create({ data: { integrationId: sf.id, objectName: "Account", label: "Account", fields: FIELDS, refreshedAt: new Date() } });
  const now = new Date();
  await db.sfAccount.createMany({
    data: [true, true, false].map((flag, i) => ({ integrationId: sf.id, id: `001SHARE00000000A${i}`, objectName: "Account", name: `Account ${i}`, fields: { Public_Sector__c: flag }, systemModstamp: now, contentHash: String(i), pulledAt: now })),
  });
  session.user = admin;
});

afterAll(async () => {
  await db.$disconnect();
});

describe("sharing groups through their routes", () => {
  let id: string;

  it("refuses a field the account object does not have, naming the nearest one", async () => {
    const res = await send(createRoute, "POST", "/api/sharing-groups", { name: "Public sector", fieldName: "public_sector__c", fieldValue: "true" });
    expect(res.status).toBe(422);
    expect(res.body.error?.message).toContain("did you mean Public_Sector__c?");
    expect(res.body.error?.fields?.fieldName).toBeDefined();
    const blank = await send(createRoute, "POST", "/api/sharing-groups", { name: " ", fieldName: "x y", fieldValue: "" });
    expect(blank.status).toBe(422);
    expect(await db.sharingGroup.count()).toBe(0);
    expect(await db.auditLog.count()).toBe(0);
  });

  it("creates a group, audited, and counts the accounts it protects", async () => {
    const res = await send(createRoute, "POST", "/api/sharing-groups", { name: "Public sector", description: "Seed 003", fieldName: "Public_Sector__c", fieldValue: "true" });
    expect(res.status).toBe(201);
    id = res.body.id as string;
    expect(await db.auditLog.findFirst({ where: { action: "sharingGroup.create" } })).toMatchObject({ actorEmail: admin.email, targetId: id, after: { name: "Public sector", fieldName: "Public_Sector__c", fieldValue: "true" } });
    const listed = await send(listRoute, "GET", "/api/sharing-groups");
    expect(listed.body.groups).toMatchObject([{ name: "Public sector", protectedAccounts: 2, members: [] }]);
    expect(await sharingGroupFields()).toEqual(["Public_Sector__c"]);
    // Nobody is a member yet: the admin too is kept out of the protected accounts.
    expect((await dataScope({ id: admin.id })).hidden).toHaveLength(1);
  });

  it("refuses a second group of the same name (409)", async () => {
    const res = await send(createRoute, "POST", "/api/sharing-groups", { name: "Public sector", fieldName: "Industry", fieldValue: "Government" });
    expect(res.status).toBe(409);
  });

  it("adds a member once (audited once), and the member's next request sees the accounts", async () => {
    const first = await send(addRoute, "POST", `/api/sharing-groups/${id}/members`, { userId: admin.id }, { id });
    expect(first.body).toMatchObject({ added: true });
    const again = await send(addRoute, "POST", `/api/sharing-groups/${id}/members`, { userId: admin.id }, { id });
    expect(again.body).toMatchObject({ added: false });
    expect(await db.auditLog.count({ where: { action: "sharingGroup.addMember" } })).toBe(1);
    expect(await db.auditLog.findFirst({ where: { action: "sharingGroup.addMember" } })).toMatchObject({ actorEmail: admin.email, after: { group: "Public sector", member: admin.email } });
    expect((await dataScope({ id: admin.id })).hidden).toHaveLength(0);
    expect((await dataScope({ id: csm.id })).hidden).toHaveLength(1);
    const unknown = await send(addRoute, "POST", `/api/sharing-groups/${id}/members`, { userId: "nobody" }, { id });
    expect(unknown.status).toBe(422);
  });

  it("edits the rule, audited with before and after", async () => {
    const res = await send(updateRoute, "PUT", `/api/sharing-groups/${id}`, { name: "Public sector", fieldName: "Industry", fieldValue: "Government" }, { id });
    expect(res.status).toBe(200);
    expect(await db.auditLog.findFirst({ where: { action: "sharingGroup.update" } })).toMatchObject({ before: { fieldName: "Public_Sector__c" }, after: { fieldName: "Industry", fieldValue: "Government" } });
    const page = await sharingGroupsPage();
    expect(page.groups[0]).toMatchObject({ fieldName: "Industry", protectedAccounts: 0, members: [{ email: admin.email, role: "ADMIN" }] });
    expect(page.fields?.fields.map((f) => f.name)).toEqual(["Industry", "Public_Sector__c"]);
    expect(page.users.map((u) => u.email)).toEqual([admin.email, csm.email]);
  });

  it("removes a member (idempotent) and deletes the group, audited with its members", async () => {
    await send(addRoute, "POST", `/api/sharing-groups/${id}/members`, { userId: csm.id }, { id });
    const removed = await send(removeRoute, "DELETE", `/api/sharing-groups/${id}/members`, { userId: admin.id }, { id });
    expect(removed.body).toMatchObject({ removed: true });
    expect((await send(removeRoute, "DELETE", `/api/sharing-groups/${id}/members`, { userId: admin.id }, { id })).body).toMatchObject({ removed: false });
    const deleted = await send(deleteRoute, "DELETE", `/api/sharing-groups/${id}`, undefined, { id });
    expect(deleted.status).toBe(200);
    expect(await db.sharingGroupMember.count()).toBe(0);
    expect(await db.auditLog.findFirst({ where: { action: "sharingGroup.delete" } })).toMatchObject({ before: { name: "Public sector", members: [csm.email] } });
    expect((await send(deleteRoute, "DELETE", `/api/sharing-groups/${id}`, undefined, { id })).status).toBe(404);
  });

  it("the command line creates the demo's group once, adds and removes members, and lists them", async () => {
    const cli = async (...args: string[]) => (await promisify(execFile)(process.execPath, ["--import", "tsx", "scripts/cli.ts", "sharing-groups", ...args, "--json"], { env: childProcessEnv({ LOG_LEVEL: "warn" }) })).stdout;
    const create = ["create", "Public sector", "--field", "Public_Sector__c", "--value", "true"];
    expect(JSON.parse(await cli(...create))).toMatchObject({ message: expect.stringContaining("created") });
    expect(JSON.parse(await cli(...create))).toMatchObject({ message: expect.stringContaining("already exists") });
    expect(JSON.parse(await cli("add-member", "public SECTOR", "CSM@sharing.test"))).toMatchObject({ added: true });
    const listed = JSON.parse(await cli()) as { name: string; protectedAccounts: number; members: { email: string }[] }[];
    expect(listed).toMatchObject([{ name: "Public sector", protectedAccounts: 2, members: [{ email: csm.email }] }]);
    expect(JSON.parse(await cli("remove-member", "Public sector", csm.email))).toMatchObject({ removed: true });
    expect(await db.auditLog.count({ where: { action: { startsWith: "sharingGroup." }, actorEmail: null } })).toBe(3);
    await expect(cli("add-member", "No such group", csm.email)).rejects.toMatchObject({ stdout: expect.stringContaining("There is no sharing group No such group") });
  });

  it("is refused to every role but admin", async () => {
    session.user = { ...csm, role: "OPS" };
    expect((await send(listRoute, "GET", "/api/sharing-groups")).status).toBe(403);
    session.user = admin;
  });
});
