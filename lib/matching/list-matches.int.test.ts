import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { db } from "@/lib/db";
import { testIntegrations } from "@/lib/testing/integrations";
import { truncateAll } from "@/lib/testing/database";
import { allExceptions, exceptionFilterSchema, listExceptions } from "@/lib/matching/list-matches";
import { OPERATOR } from "@/lib/auth/data-scope";

// The exceptions read model names the Salesforce records a row points at, so "Why" and the pin
// dialog can show "Acme Corp (001…)" rather than a bare id (issue "Hardening": raw ids in Why).

const now = new Date("2026-12-01T09:00:00Z");
const hub = { objectName: "Account", fields: {}, systemModstamp: now, pulledAt: now };
const ACME_1 = "001000000000001AAA";
const ACME_2 = "001000000000002AAA";
const UNNAMED = "001000000000003AAA";
const JANE_1 = "003000000000001AAA";
const JANE_2 = "003000000000002AAA";

const exception = (analyticsId: string, entity: "ACCOUNT" | "CONTACT", kind: "AMBIGUOUS" | "DUPLICATE" | "UNMATCHED", tried: unknown, salesforceId: string | null = null) => ({
  integrationId: "pendo",
  entity,
  analyticsId,
  kind,
  reason: `${kind.toLowerCase()} ${analyticsId}`,
  tried: tried as object,
  salesforceId,
  sharedWith: [],
  since: now,
});

beforeAll(async () => {
  await truncateAll(db);
  await db.integration.createMany({ data: testIntegrations(["sf", "pendo"]) });
  await db.sfAccount.createMany({
    data: [
      { ...hub, integrationId: "sf", id: ACME_1, name: "Acme Corp", contentHash: "1" },
      { ...hub, integrationId: "sf", id: ACME_2, name: "Acme Inc", contentHash: "2" },
      { ...hub, integrationId: "sf", id: UNNAMED, name: null, contentHash: "3" },
    ],
  });
  await db.sfContact.createMany({
    data: [
      { ...hub, objectName: "Contact", integrationId: "sf", id: JANE_1, name: "Jane Doe", email: "jane@acme.example", contentHash: "4" },
      { ...hub, objectName: "Contact", integrationId: "sf", id: JANE_2, name: null, email: "jane.doe@acme.example", contentHash: "5" },
    ],
  });
  await db.matchException.createMany({
    data: [
      exception("acct-ambiguous", "ACCOUNT", "AMBIGUOUS", [
        { criterion: "Salesforce account ID", outcome: "none", key: "x", candidates: [] },
        { criterion: "Name", outcome: "many", key: "acme", candidates: [ACME_1, ACME_2, UNNAMED], note: "3 Salesforce records" },
      ]),
      exception("acct-duplicate", "ACCOUNT", "DUPLICATE", [{ criterion: "Domain", outcome: "one", key: "acme.example", candidates: [ACME_2] }], ACME_2),
      exception("user-ambiguous", "CONTACT", "AMBIGUOUS", [{ criterion: "Email", outcome: "many", key: "jane@acme.example", candidates: [JANE_1, JANE_2] }]),
      exception("acct-unmatched", "ACCOUNT", "UNMATCHED", [{ criterion: "Name", outcome: "none", key: "nobody" }]),
      // A contact id never names an account's candidate, nor the other way round.
      exception("acct-odd", "ACCOUNT", "AMBIGUOUS", [{ criterion: "Name", outcome: "many", key: "jane", candidates: [JANE_1] }]),
    ],
  });
});

afterAll(async () => {
  vi.restoreAllMocks();
  await db.$disconnect();
});

describe("exceptions read model: Salesforce names of candidates", () => {
  it("names every candidate and resolved record it can, keyed by id", async () => {
    const { rows } = await listExceptions(exceptionFilterSchema.parse({}), OPERATOR);
    const byId = Object.fromEntries(rows.map((r) => [r.analyticsId, r.candidateNames]));
    expect(byId["acct-ambiguous"]).toEqual({ [ACME_1]: "Acme Corp", [ACME_2]: "Acme Inc" });
    expect(byId["acct-duplicate"]).toEqual({ [ACME_2]: "Acme Inc" });
    expect(byId["user-ambiguous"]).toEqual({ [JANE_1]: "Jane Doe", [JANE_2]: "jane.doe@acme.example" });
    expect(byId["acct-unmatched"]).toEqual({});
    expect(byId["acct-odd"]).toEqual({});
  });

  it("looks the names up once per page, not once per row", async () => {
    const accounts = vi.spyOn(db.sfAccount, "findMany");
    const contacts = vi.spyOn(db.sfContact, "findMany");
    await listExceptions(exceptionFilterSchema.parse({}), OPERATOR);
    expect(accounts).toHaveBeenCalledTimes(1);
    expect(contacts).toHaveBeenCalledTimes(1);
    accounts.mockRestore();
    contacts.mockRestore();
  });

  it("carries the names into the export and the command line too", async () => {
    const rows = [];
    for await (const row of allExceptions({ kind: "AMBIGUOUS" }, OPERATOR)) rows.push(row);
    expect(rows.find((r) => r.analyticsId === "acct-ambiguous")?.candidateNames?.[ACME_1]).toBe("Acme Corp");
  });
});
