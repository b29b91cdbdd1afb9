import { describe, expect, it } from "vitest";
import { Prisma } from "@/lib/generated/prisma/client";
import { accountIdVisibleSql, accountVisibleSql, accountVisibleWhere, jsonForms, scopeFromGroups, seesEveryAccount } from "@/lib/auth/data-scope";

// The pure half of the scope: which groups hide what from whom, and the SQL it becomes. That the
// SQL and the Prisma `where` choose the right rows is pinned against PostgreSQL in data-scope.int.test.ts.

const publicSector = { fieldName: "Public_Sector__c", fieldValue: "true" };
const emea = { fieldName: "Region__c", fieldValue: "EMEA" };
const fields = Prisma.sql`a."fields"`;

describe("scopeFromGroups", () => {
  it("hides nothing without groups, or from a member of every group", () => {
    expect(seesEveryAccount(scopeFromGroups([]))).toBe(true);
    expect(seesEveryAccount(scopeFromGroups([{ ...publicSector, member: true }, { ...emea, member: true }]))).toBe(true);
  });

  it("hides the groups the reader is not in, whatever their role (roles are not an input)", () => {
    expect(scopeFromGroups([{ ...publicSector, member: false }, { ...emea, member: true }])).toEqual({ hidden: [publicSector], shown: [emea] });
  });

  it("a group the reader is not in hides nothing when one of theirs carries the same rule", () => {
    const scope = scopeFromGroups([
      { ...publicSector, member: false },
      { ...publicSector, member: true },
    ]);
    expect(seesEveryAccount(scope)).toBe(true);
  });
});

describe("accountVisibleSql and accountIdVisibleSql", () => {
  it("is TRUE, with no parameter, for a reader who sees everything", () => {
    const sql = accountVisibleSql(scopeFromGroups([{ ...publicSector, member: true }]), fields);
    expect(sql.sql).toBe("TRUE");
    expect(accountIdVisibleSql(scopeFromGroups([]), Prisma.sql`h."accountId"`).sql).toBe("TRUE");
  });

  it("binds field names and values as parameters, never as SQL text", () => {
    const sneaky = { fieldName: `x'); DROP TABLE "User"; --`, fieldValue: "'1'='1'" };
    const sql = accountVisibleSql(scopeFromGroups([{ ...sneaky, member: false }]), fields);
    expect(sql.sql).not.toContain("DROP");
    expect(sql.values).toEqual([sneaky.fieldName, sneaky.fieldValue]);
    expect(sql.sql).toMatch(/^\(NOT COALESCE\(/);
  });

  it("adds the reader's own groups as an escape from the hidden ones", () => {
    const sql = accountVisibleSql(scopeFromGroups([{ ...publicSector, member: false }, { ...emea, member: true }]), fields);
    expect(sql.values).toEqual(["Public_Sector__c", "true", "Region__c", "EMEA"]);
    expect(sql.sql).toContain(" OR COALESCE(");
  });

  it("checks a child's account id against the account row", () => {
    const sql = accountIdVisibleSql(scopeFromGroups([{ ...publicSector, member: false }]), Prisma.sql`h."accountId"`);
    expect(sql.sql).toContain(`FROM "SfAccount" scoped WHERE scoped."id" = h."accountId"`);
  });
});

describe("jsonForms", () => {
  it("lists every JSON value whose text is the group's value", () => {
    expect(jsonForms("true")).toEqual(["true", true]);
    expect(jsonForms("false")).toEqual(["false", false]);
    expect(jsonForms("3")).toEqual(["3", 3]);
    expect(jsonForms("-2.5")).toEqual(["-2.5", -2.5]);
  });

  it("keeps text that is not a number as JavaScript writes one as text only", () => {
    expect(jsonForms("03")).toEqual(["03"]);
    expect(jsonForms("1e3")).toEqual(["1e3"]);
    expect(jsonForms(" ")).toEqual([" "]);
    expect(jsonForms("EMEA")).toEqual(["EMEA"]);
    expect(jsonForms("True")).toEqual(["True"]);
  });
});

describe("accountVisibleWhere", () => {
  it("is empty for a reader who sees everything", () => {
    expect(accountVisibleWhere(scopeFromGroups([]))).toEqual({});
  });

  it("keeps accounts without the field (a missing field is not a match)", () => {
    const where = accountVisibleWhere(scopeFromGroups([{ ...publicSector, member: false }]));
    const missing = { fields: { path: ["Public_Sector__c"], equals: Prisma.AnyNull } };
    expect(where).toEqual({
      AND: [
        { OR: [missing, { NOT: { fields: { path: ["Public_Sector__c"], equals: "true" } } }] },
        { OR: [missing, { NOT: { fields: { path: ["Public_Sector__c"], equals: true } } }] },
      ],
    });
  });
});
