import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import type { CurrentUser } from "@/lib/auth/session";

// Saving a Map fields set against the real database: the cached describes and attribute schemas
// are seeded here (no emulator needed), so every refusal below is the server's own, whatever the
// editor in the browser did. Nothing is stored or audited when a row is refused.

const session = vi.hoisted(() => ({ user: null as CurrentUser | null }));
vi.mock("@/lib/auth/session", () => ({ getCurrentUser: async () => session.user }));

import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { truncateAll } from "@/lib/testing/database";
import { PREFIX_RULE } from "@/lib/mapping/prefix-rule";
import type { FieldMappingInput } from "@/lib/mapping/mapping-schema";
import { mappingView, type MappingView } from "@/lib/field-mappings/mapping-page";
import { restoreDefaultMappings, saveMappings } from "@/lib/field-mappings/save-mappings";
import { GET, PUT } from "@/app/api/mappings/[integrationId]/route";

const sf = (name: string, type: string, extra: Record<string, unknown> = {}) => ({
  name,
  label: name.replace(/__c$/, "").replace(/_/g, " "),
  type,
  length: type === "string" ? 255 : 0,
  updateable: true,
  createable: true,
  custom: name.endsWith("__c"),
  externalId: false,
  unique: false,
  nillable: true,
  idLookup: false,
  referenceTo: [],
  ...extra,
});

const ACCOUNT = [
  sf("Id", "id", { updateable: false, createable: false, nillable: false }),
  sf("Name", "string"),
  sf("AnnualRevenue", "currency", { scale: 0 }),
  sf("Segment__c", "string"),
  sf("PX_Account_Id__c", "string", { externalId: true, unique: true }),
  sf("PX_Health_Score__c", "double", { scale: 1 }),
  sf("PX_Last_Seen__c", "datetime"),
  sf("PX_Tier__c", "string"),
  sf("PX_Formula_Score__c", "double", { scale: 0, updateable: false }),
];
const CONTACT = [sf("Id", "id", { updateable: false, createable: false, nillable: false }), sf("Email", "email"), sf("PX_User_Id__c", "string"), sf("PX_Last_Seen__c", "datetime")];
const PX_ACCOUNT = [
  { name: "name", label: "Name", type: "STRING" },
  { name: "arrTier", label: "ARR Tier", type: "STRING" },
  { name: "healthScore", label: "Health Score", type: "NUMBER" },
];
const PX_USER = [
  { name: "email", label: "Email", type: "STRING" },
  { name: "lastNpsScore", label: "Last NPS Score", type: "NUMBER" },
];

const ids = { salesforce: "", px: "" };
let admin: CurrentUser;

const push = (source: string, targetField: string, extra: Partial<FieldMappingInput> = {}) => ({
  entity: "account",
  direction: "push-to-salesforce",
  source: { kind: "field", field: source },
  targetField,
  writeMode: "always",
  ...extra,
});
const pull = (source: string, targetField: string, extra: Partial<FieldMappingInput> = {}) => push(source, targetField, { direction: "pull-from-salesforce", ...extra });

/** The refusal a save throws, with nothing stored and nothing audited. */
async function refused(rows: unknown[]): Promise<AppError> {
  const error = await saveMappings(ids.px, rows, { actor: admin, ip: "test" }).then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  expect((error as AppError).status).toBe(422);
  expect(await db.fieldMappingSet.count()).toBe(0);
  expect(await db.auditLog.count()).toBe(0);
  return error as AppError;
}

beforeAll(async () => {
  await truncateAll(db);
  const user = await db.user.create({ data: { email: "admin@mapping.test", role: "ADMIN", passwordHash: null } });
  admin = { id: user.id, email: user.email, name: null, role: "ADMIN", mustChangePassword: false };
  // Connected rows (non-null secrets); their URLs lead nowhere, as nothing here calls a vendor.
  ids.salesforce = (await db.integration.create({ data: { system: "SALESFORCE", status: "CONNECTED", environment: "production", baseUrl: "http://127.0.0.1:9", secrets: "sealed" } })).id;
  ids.px = (await db.integration.create({ data: { system: "PX", status: "CONNECTED", environment: "emulator", baseUrl: "http://127.0.0.1:9", secrets: "sealed" } })).id;
  const refreshedAt = new Date();
  await db.salesforceDescribe.createMany({
    data: [
      { integrationId: ids.salesforce, objectName: "Account", label: "Account", fields: ACCOUNT, refreshedAt },
      { integrationId: ids.salesforce, objectName: "Contact", label: "Contact", fields: CONTACT, refreshedAt },
      { integrationId: ids.px, objectName: "account", label: "Gainsight PX account", fields: PX_ACCOUNT, refreshedAt },
      { integrationId: ids.px, objectName: "user", label: "Gainsight PX user", fields: PX_USER, refreshedAt },
    ],
  });
});

beforeEach(async () => {
  await db.fieldMappingSet.deleteMany();
  await db.auditLog.deleteMany();
  session.user = admin;
});

afterAll(async () => {
  await db.$disconnect();
});

describe("saving field mappings", () => {
  it("refuses a push into a field without the PX_ prefix, quoting the rule and naming the row", async () => {
    const error = await refused([push("healthScore", "PX_Health_Score__c"), push("healthScore", "AnnualRevenue")]);
    expect(error.message).toContain("Accounts › Pushed to Salesforce, row 2 (healthScore → AnnualRevenue)");
    expect(error.message).toContain(`"${PREFIX_RULE.px}"`);
    expect(error.fields).toHaveProperty("mappings.1.targetField");
    expect(error.fields).not.toHaveProperty("mappings.0.targetField");
  });

  it("refuses a pair whose types sit on different rows of the type table", async () => {
    const error = await refused([push("arrTier", "PX_Health_Score__c")]);
    expect(error.message).toMatch(/holds NUMBER values \(double\) but Gainsight PX attribute "ARR Tier" \(arrTier\) holds STRING values/);
    expect(error.fields).toHaveProperty("mappings.0.source");
  });

  it("refuses a PX_ field the connected user cannot edit", async () => {
    const error = await refused([push("healthScore", "PX_Formula_Score__c")]);
    expect(error.message).toMatch(/PX_Formula_Score__c\) is read-only/);
  });

  it("refuses a field that is not in the cached lists, a calculated value, and a pull into a value PX keeps itself", async () => {
    expect((await refused([push("healthScore", "PX_No_Such__c")])).message).toMatch(/Salesforce has no field "PX_No_Such__c"/);
    expect((await refused([push("healthScore", "PX_Health_Score__c", { source: { kind: "calculated", key: "kpi.logins" } })])).message).toMatch(/no calculated value "kpi\.logins"/);
    expect((await refused([pull("Name", "id")])).message).toMatch(/"PX account ID" \(id\) is kept by Gainsight PX itself/);
  });

  it("names the row of a contact mapping, and a row that is not a mapping at all", async () => {
    const error = await refused([push("healthScore", "PX_Health_Score__c"), push("lastNpsScore", "Email", { entity: "contact" })]);
    expect(error.message).toContain("Contacts (PX users) › Pushed to Salesforce, row 1 (lastNpsScore → Email)");
    expect((await refused(["healthScore"])).message).toMatch(/^Not saved\. Mapping 1: This row is not a mapping/);
    expect((await refused([push("healthScore", "")])).message).toBe("Not saved. Accounts › Pushed to Salesforce, row 1: Choose a field.");
  });

  it("requires an owner, the same on both, for a field mapped both ways", async () => {
    const both = [pull("PX_Tier__c", "arrTier"), push("arrTier", "PX_Tier__c")];
    const error = await refused(both);
    expect(error.message).toMatch(/mapped both ways\. Choose which side owns them/);
    const disagree = await refused([pull("PX_Tier__c", "arrTier", { owner: "salesforce" }), push("arrTier", "PX_Tier__c", { owner: "analytics" })]);
    expect(disagree.message).toMatch(/name different owners/);

    const saved = await saveMappings(ids.px, [pull("PX_Tier__c", "arrTier", { owner: "salesforce" }), push("arrTier", "PX_Tier__c", { owner: "salesforce" })], { actor: admin });
    expect(saved.map((m) => m.owner)).toEqual(["salesforce", "salesforce"]);
  });

  it("saves a valid set, audits it with before and after, and shows it instead of the defaults", async () => {
    const defaults = await mappingView(ids.px);
    expect(defaults.isDefault).toBe(true);
    expect(defaults.mappings.map((m) => m.targetField)).toContain("PX_Account_Id__c");

    const rows = [push("healthScore", "PX_Health_Score__c"), pull("Segment__c", "arrTier", { writeMode: "whenEmpty" }), push("lastNpsScore", "PX_Last_Seen__c", { entity: "contact", writeMode: "neverNull" })];
    // A number into a datetime is refused; fix the contact row and the whole set saves.
    expect((await refused(rows)).message).toContain("Contacts (PX users) › Pushed to Salesforce, row 1");
    rows[2] = push("email", "PX_User_Id__c", { entity: "contact", writeMode: "whenEmpty" });
    await saveMappings(ids.px, rows, { actor: admin, ip: "203.0.113.9" });

    const stored = await db.fieldMappingSet.findUniqueOrThrow({ where: { integrationId: ids.px } });
    expect(stored.updatedBy).toBe(admin.email);
    expect(stored.mappings).toEqual(rows.map((r) => ({ ...r, integrationId: ids.px, owner: null })));
    const audit = await db.auditLog.findMany();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ action: "mapping.save", targetType: "Integration", targetId: ids.px, actorEmail: admin.email, ip: "203.0.113.9" });
    expect(audit[0]!.before).toEqual(defaults.mappings);
    expect(audit[0]!.after).toEqual(stored.mappings);

    const view = await mappingView(ids.px);
    expect(view.isDefault).toBe(false);
    expect(view.mappings).toEqual(stored.mappings);
    expect(view.problems).toEqual([]);
    expect(view.updatedBy).toBe(admin.email);
  });

  it("restores the defaults: the saved set is forgotten, audited, and the defaults show again", async () => {
    const defaults = (await mappingView(ids.px)).mappings;
    await saveMappings(ids.px, [push("healthScore", "PX_Health_Score__c")], { actor: admin });
    const restored = await restoreDefaultMappings(ids.px, { actor: admin, ip: null });
    expect(restored).toEqual(defaults);
    expect(await db.fieldMappingSet.count()).toBe(0);
    const audit = await db.auditLog.findFirstOrThrow({ where: { action: "mapping.restore-defaults" } });
    expect(audit.before).toEqual([{ ...push("healthScore", "PX_Health_Score__c"), integrationId: ids.px, owner: null }]);
    expect(audit.after).toEqual(defaults);
    const view = await mappingView(ids.px);
    expect(view).toMatchObject({ isDefault: true, mappings: defaults, updatedAt: null });
    // Nothing saved, nothing to forget: no second audit entry.
    await restoreDefaultMappings(ids.px, { actor: admin, ip: null });
    expect(await db.auditLog.count({ where: { action: "mapping.restore-defaults" } })).toBe(1);
  });

  it("offers each side's fields with what the rules need, and marks the fields a push may write", async () => {
    const view = await mappingView(ids.px);
    const account = view.entities.find((e) => e.entity === "account")!;
    expect(account.salesforceObject).toBe("Account");
    const byName = new Map(account.salesforce.map((f) => [f.name, f]));
    expect(byName.get("PX_Health_Score__c")).toMatchObject({ type: "double", updateable: true, pushTarget: true });
    expect(byName.get("PX_Formula_Score__c")).toMatchObject({ updateable: false, pushTarget: false });
    expect(byName.get("Name")).toMatchObject({ label: "Name", length: 255, pushTarget: false });
    // PX's record id is offered as a push source; the schema's attributes also as pull targets.
    expect(account.tool.find((f) => f.name === "id")).toMatchObject({ recordField: true });
    expect(account.tool.find((f) => f.name === "healthScore")).toMatchObject({ type: "NUMBER", recordField: false });
    expect(view).toMatchObject({ prefix: "PX_", prefixRule: PREFIX_RULE.px, missing: [] });
  });
});

describe("PUT /api/mappings/[integrationId]", () => {
  const call = (method: "GET" | "PUT", integrationId: string, body?: unknown) =>
    (method === "GET" ? GET : PUT)(
      new Request(`http://localhost/api/mappings/${integrationId}`, { method, headers: { "content-type": "application/json", host: "localhost" }, body: body === undefined ? undefined : JSON.stringify(body) }),
      { params: Promise.resolve({ integrationId }) },
    );

  it("answers a refusal with a 422 sentence, a save and a restore with the page's view", async () => {
    const bad = await call("PUT", ids.px, { mappings: [push("healthScore", "Name")] });
    expect(bad.status).toBe(422);
    const { error } = (await bad.json()) as { error: { message: string; fields: Record<string, string> } };
    expect(error.message).toContain(PREFIX_RULE.px);
    expect(error.fields["mappings.0.targetField"]).toContain(PREFIX_RULE.px);

    const ok = await call("PUT", ids.px, { mappings: [push("healthScore", "PX_Health_Score__c")] });
    expect(ok.status).toBe(200);
    expect(((await ok.json()) as MappingView).isDefault).toBe(false);
    const restored = await call("PUT", ids.px, { restoreDefaults: true });
    expect(((await restored.json()) as MappingView).isDefault).toBe(true);
    expect((await call("PUT", ids.px, {})).status).toBe(422);
  });

  it("has no mappings for Salesforce or an unknown id, and refuses a CSM", async () => {
    for (const id of [ids.salesforce, "no-such-id"]) {
      const res = await call("GET", id);
      expect(res.status).toBe(404);
      expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(/No Pendo or Gainsight PX integration has this id/);
    }
    session.user = { ...admin, role: "CSM" };
    expect((await call("GET", ids.px)).status).toBe(403);
  });
});
