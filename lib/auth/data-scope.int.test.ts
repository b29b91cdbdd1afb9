import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { Prisma } from "@/lib/generated/prisma/client";
import { truncateAll } from "@/lib/testing/database";
import {
  accountIdVisibleSql,
  accountVisibleSql,
  accountVisibleWhere,
  assertAccountVisible,
  dataScope,
  OPERATOR,
  scopeFromGroups,
  visibleAccountIds,
  type DataScope,
} from "@/lib/auth/data-scope";

// The scope against the real database: the SQL fragment and the Prisma `where` must choose the
// same accounts for every way a field can be stored (boolean, string, number, null, missing).

const INTEGRATION = "sf-scope";
const id = (n: number) => `001SCOPE${String(n).padStart(10, "0")}`;
const STORED: Record<string, Record<string, unknown>> = {
  [id(1)]: { Public_Sector__c: true },
  [id(2)]: { Public_Sector__c: false },
  [id(3)]: {},
  [id(4)]: { Public_Sector__c: null },
  [id(5)]: { Public_Sector__c: "true" },
  [id(6)]: { Public_Sector__c: true, Region__c: "EMEA" },
  [id(7)]: { Region__c: "EMEA" },
  [id(8)]: { Tier__c: 3 },
  [id(9)]: { Tier__c: "3" },
  [id(10)]: { Tier__c: 3.5 },
};
const ALL = Object.keys(STORED).sort();

async function bySql(scope: DataScope): Promise<string[]> {
  const rows = await db.$queryRaw<{ id: string }[]>`SELECT a."id" FROM "SfAccount" a WHERE ${accountVisibleSql(scope, Prisma.sql`a."fields"`)} ORDER BY 1`;
  return rows.map((r) => r.id);
}
async function byIdSql(scope: DataScope): Promise<string[]> {
  const rows = await db.$queryRaw<{ id: string }[]>`SELECT x."id" FROM unnest(${ALL}::text[]) AS x("id") WHERE ${accountIdVisibleSql(scope, Prisma.sql`x."id"`)} ORDER BY 1`;
  return rows.map((r) => r.id);
}
async function byPrisma(scope: DataScope): Promise<string[]> {
  const rows = await db.sfAccount.findMany({ where: accountVisibleWhere(scope), select: { id: true }, orderBy: { id: "asc" } });
  return rows.map((r) => r.id);
}
const except = (...gone: number[]) => ALL.filter((x) => !gone.map(id).includes(x));

beforeAll(async () => {
  await truncateAll(db);
  const now = new Date();
  await db.sfAccount.createMany({
    data: Object.entries(STORED).map(([accountId, fields]) => ({
      integrationId: INTEGRATION,
      id: accountId,
      objectName: "Account",
      name: accountId,
      fields: fields as Prisma.InputJsonValue,
      systemModstamp: now,
      contentHash: accountId,
      pulledAt: now,
    })),
  });
});

afterAll(async () => {
  await db.$disconnect();
});

describe("the sharing-group scope in SQL and in Prisma", () => {
  const publicSector = { fieldName: "Public_Sector__c", fieldValue: "true" };
  const emea = { fieldName: "Region__c", fieldValue: "EMEA" };
  const tier3 = { fieldName: "Tier__c", fieldValue: "3" };
  const cases: [string, DataScope, string[]][] = [
    ["no group", scopeFromGroups([]), ALL],
    ["a non-member of public sector: true and \"true\" hidden, false/null/missing shown", scopeFromGroups([{ ...publicSector, member: false }]), except(1, 5, 6)],
    ["a member of public sector", scopeFromGroups([{ ...publicSector, member: true }]), ALL],
    ["a member of EMEA only: an account protected by both groups is shown", scopeFromGroups([{ ...publicSector, member: false }, { ...emea, member: true }]), except(1, 5)],
    ["a member of neither", scopeFromGroups([{ ...publicSector, member: false }, { ...emea, member: false }]), except(1, 5, 6, 7)],
    ["a number and its text both match \"3\"; 3.5 does not", scopeFromGroups([{ ...tier3, member: false }]), except(8, 9)],
  ];
  for (const [what, scope, expected] of cases) {
    it(what, async () => {
      expect(await bySql(scope)).toEqual(expected);
      expect(await byPrisma(scope)).toEqual(expected);
      expect(await byIdSql(scope)).toEqual(expected);
    });
  }

  it("an id the hub does not hold is not visible through the id condition", async () => {
    const scope = scopeFromGroups([{ ...publicSector, member: false }]);
    const rows = await db.$queryRaw<{ n: number }[]>`SELECT count(*)::int AS "n" FROM unnest(${["001SCOPE9999999999"]}::text[]) AS x("id") WHERE ${accountIdVisibleSql(scope, Prisma.sql`x."id"`)}`;
    expect(rows[0]!.n).toBe(0);
  });
});

describe("dataScope, assertAccountVisible and visibleAccountIds", () => {
  it("reads the reader's groups, answers 404 for a hidden account and filters ids", async () => {
    const [member, outsider] = await Promise.all([
      db.user.create({ data: { email: "member@scope.test", role: "CSM" } }),
      db.user.create({ data: { email: "outsider@scope.test", role: "ADMIN" } }),
    ]);
    await db.sharingGroup.create({ data: { name: "Public sector", fieldName: "Public_Sector__c", fieldValue: "true", members: { create: { userId: member.id } } } });

    expect(await dataScope({ id: member.id })).toEqual({ hidden: [], shown: [] });
    expect(await dataScope({ id: outsider.id })).toEqual({ hidden: [{ fieldName: "Public_Sector__c", fieldValue: "true" }], shown: [] });
    expect(await dataScope(OPERATOR)).toEqual({ hidden: [], shown: [] });

    await expect(assertAccountVisible({ id: member.id }, id(1))).resolves.toBeUndefined();
    await expect(assertAccountVisible({ id: outsider.id }, id(1))).rejects.toMatchObject({ code: "NOT_FOUND", status: 404 });
    await expect(assertAccountVisible({ id: outsider.id }, id(2))).resolves.toBeUndefined();
    await expect(assertAccountVisible({ id: member.id }, "001SCOPE9999999999")).rejects.toMatchObject({ code: "NOT_FOUND" });

    expect([...(await visibleAccountIds({ id: outsider.id }, [id(1), id(2), id(5), "nope"]))].sort()).toEqual([id(2)]);
    expect([...(await visibleAccountIds(OPERATOR, [id(1), id(2)]))].sort()).toEqual([id(1), id(2)]);
  });

  it("caches per reader object, so a new request sees a membership change", async () => {
    const user = await db.user.create({ data: { email: "joins@scope.test", role: "VIEWER" } });
    const group = await db.sharingGroup.findUniqueOrThrow({ where: { name: "Public sector" } });
    const firstRequest = { id: user.id };
    expect((await dataScope(firstRequest)).hidden).toHaveLength(1);
    await db.sharingGroupMember.create({ data: { groupId: group.id, userId: user.id } });
    expect((await dataScope(firstRequest)).hidden).toHaveLength(1);
    expect((await dataScope({ id: user.id })).hidden).toHaveLength(0);
  });
});
