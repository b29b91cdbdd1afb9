import { z } from "zod";
import { db } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";

// The one place the account page, its QBR, its CSV and its override route decide which Salesforce
// account an id in the address may show. Every other query of those reads keys on the account
// this finds, so a scope applied here is applied to all of them.
//
// Not yet scoped by data permissions: sharing groups (lib/auth/data-scope.ts) do not exist yet.
// When they do, their condition joins this WHERE, and an account outside the viewer's groups is
// not found, so it answers 404 like an id that does not exist (issue 13).

/** A Salesforce account id as the page's address carries it: 18 characters, as the hub stores ids. */
export const accountIdSchema = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9]{18}$/, { error: "is not an 18-character Salesforce account id" });

export const accountParamsSchema = z.object({ id: accountIdSchema });

function visibleAccountWhere(accountId: string): Prisma.SfAccountWhereInput {
  return { id: accountId };
}

export type VisibleAccount = Prisma.SfAccountGetPayload<{
  select: { integrationId: true; id: true; objectName: true; name: true; website: true; ownerId: true; fields: true; state: true; masterRecordId: true; retiredReason: true; pulledAt: true };
}>;

/** The account, or null when the hub holds no account with this id (or, later, the viewer may not see it). */
export async function findVisibleAccount(accountId: string): Promise<VisibleAccount | null> {
  return db.sfAccount.findFirst({
    where: visibleAccountWhere(accountId),
    // One Salesforce org per hub today; should two hold the id, the newest pull wins.
    orderBy: { pulledAt: "desc" },
    select: { integrationId: true, id: true, objectName: true, name: true, website: true, ownerId: true, fields: true, state: true, masterRecordId: true, retiredReason: true, pulledAt: true },
  });
}
