import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { truncateAll } from "@/lib/testing/database";
import { accountFilterSchema, listAccounts } from "@/lib/accounts/list-accounts";

const list = (input: Record<string, string> = {}) => listAccounts(accountFilterSchema.parse(input));
const now = new Date("2026-12-01T09:00:00Z");
const sfAccount = (id: string, name: string, state: "ACTIVE" | "TO_MERGE" | "TO_DELETE" = "ACTIVE") => ({
  integrationId: "sf",
  id,
  objectName: "Account",
  name,
  website: `${name.toLowerCase().replace(/\W/g, "")}.example`,
  fields: {},
  systemModstamp: now,
  state,
  contentHash: id,
  pulledAt: now,
});
const link = (integrationId: string, entity: "ACCOUNT" | "CONTACT", analyticsId: string, salesforceId: string) => ({ integrationId, entity, analyticsId, salesforceId, criterion: "salesforceId", matchedAt: now });

beforeAll(async () => {
  await truncateAll(db);
  expect((await list()).anyAccount).toBe(false);
  await db.integration.createMany({
    data: [
      { id: "sf", system: "SALESFORCE", environment: "production", baseUrl: "https://login.example" },
      { id: "pendo", system: "PENDO", environment: "us", baseUrl: "https://pendo.example" },
      { id: "px", system: "PX", environment: "us", baseUrl: "https://px.example" },
    ],
  });
  await db.sfAccount.createMany({
    data: [
      sfAccount("001000000000004AAA", "Delta Gone", "TO_DELETE"),
      sfAccount("001000000000002AAA", "Beta Ltd"),
      sfAccount("001000000000005AAA", "Echo Merged", "TO_MERGE"),
      sfAccount("001000000000001AAA", "Acme Corp"),
      sfAccount("001000000000003AAA", "Gamma Acme"),
    ],
  });
  await db.analyticsAccount.createMany({
    data: [
      { integrationId: "pendo", externalId: "p-acme", name: "Acme (Pendo)", custom: {}, contentHash: "x", pulledAt: now },
      { integrationId: "px", externalId: "x-acme", name: "Acme (PX)", custom: {}, contentHash: "x", pulledAt: now, removedAt: now },
    ],
  });
  await db.sfContact.createMany({
    data: ["003A", "003B", "003C"].map((id) => ({ integrationId: "sf", id, objectName: "Contact", accountId: "001000000000001AAA", fields: {}, systemModstamp: now, contentHash: id, pulledAt: now })),
  });
  await db.matchLink.createMany({
    data: [
      link("pendo", "ACCOUNT", "p-acme", "001000000000001AAA"),
      link("px", "ACCOUNT", "x-acme", "001000000000001AAA"),
      link("pendo", "ACCOUNT", "p-delta", "001000000000004AAA"),
      link("pendo", "CONTACT", "u1", "003A"),
      link("pendo", "CONTACT", "u2", "003B"),
      link("px", "CONTACT", "u1", "003A"),
      // A user linked to a contact of another account does not count here.
      link("px", "CONTACT", "u9", "003Z"),
    ],
  });
});

afterAll(async () => {
  await db.$disconnect();
});

describe("listAccounts", () => {
  it("lists active accounts first, then retired ones, with counts per state", async () => {
    const page = await list();
    expect(page.accounts.map((a) => [a.name, a.state])).toEqual([
      ["Acme Corp", "ACTIVE"],
      ["Beta Ltd", "ACTIVE"],
      ["Gamma Acme", "ACTIVE"],
      ["Echo Merged", "TO_MERGE"],
      ["Delta Gone", "TO_DELETE"],
    ]);
    expect(page).toMatchObject({ total: 5, counts: { ACTIVE: 3, TO_MERGE: 1, TO_DELETE: 1 }, pageCount: 1, anyAccount: true });
  });

  it("shows what each account is linked to in Pendo and PX, and how many users link to its contacts", async () => {
    const acme = (await list()).accounts[0]!;
    expect(acme.links).toEqual([
      { system: "PENDO", tool: "Pendo", analyticsId: "p-acme", name: "Acme (Pendo)", criterion: "salesforceId", removed: false },
      { system: "PX", tool: "Gainsight PX", analyticsId: "x-acme", name: "Acme (PX)", criterion: "salesforceId", removed: true },
    ]);
    expect(acme.linkedUsers.sort((a, b) => a.tool.localeCompare(b.tool))).toEqual([
      { system: "PX", tool: "Gainsight PX", users: 1 },
      { system: "PENDO", tool: "Pendo", users: 2 },
    ]);
    const delta = (await list()).accounts.find((a) => a.name === "Delta Gone")!;
    expect(delta.links.map((l) => [l.analyticsId, l.name])).toEqual([["p-delta", null]]);
    expect(delta.linkedUsers).toEqual([]);
  });

  it("searches by name or Salesforce id prefix", async () => {
    expect((await list({ q: "acme" })).accounts.map((a) => a.name)).toEqual(["Acme Corp", "Gamma Acme"]);
    expect((await list({ q: "001000000000005" })).accounts.map((a) => a.name)).toEqual(["Echo Merged"]);
    const none = await list({ q: "nothing like this" });
    expect(none).toMatchObject({ accounts: [], total: 0, anyAccount: true });
  });

  it("pages across the state groups", async () => {
    const pages = await Promise.all(["1", "2", "3"].map((page) => list({ page, pageSize: "2" })));
    expect(pages.map((p) => p.accounts.map((a) => a.name))).toEqual([["Acme Corp", "Beta Ltd"], ["Gamma Acme", "Echo Merged"], ["Delta Gone"]]);
    expect(pages[0]!.pageCount).toBe(3);
    expect(accountFilterSchema.safeParse({ pageSize: "101" }).success).toBe(false);
  });
});
