import { z } from "zod";
import { accountVisibleWhere, dataScope, type Reader } from "@/lib/auth/data-scope";
import { db } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";

// The one place the account page, its QBR, its CSV and its override route decide which Salesforce
// account an id in the address may show. Every other query of those reads keys on the account
// this finds, so a scope applied here is applied to all of them.
//
// Scoped by the viewer's sharing groups (lib/auth/data-scope.ts): an account outside them is not
// found, so it answers 404 like an id that does not exist (issue 13), never a redacted page.

/** A Salesforce account id as the page's address carries it: 18 characters, as the hub stores ids. */
export const accountIdSchema = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9]{18}$/, { error: "is not an 18-character Salesforce account id" });

export const accountParamsSchema = z.object({ id: accountIdSchema });

async function visibleAccountWhere(accountId: string, reader: Reader): Promise<Prisma.SfAccountWhereInput> {
  return { AND: [{ id: accountId }, accountVisibleWhere(await dataScope(reader))] };
}

export type VisibleAccount = Prisma.SfAccountGetPayload<{
  select: { integrationId: true; id: true; objectName: true; name: true; website: true; ownerId: true; fields: true; state: true; masterRecordId: true; retiredReason: true; pulledAt: true };
}>;

/** The account, or null when the hub holds no account with this id or the reader may not see it. */
export async function findVisibleAccount(accountId: string, reader: Reader): Promise<VisibleAccount | null> {
  return db.sfAccount.findFirst({
    where: await visibleAccountWhere(accountId, reader),
    // One Salesforce org per hub today; should two hold the id, the newest pull wins.
    orderBy: { pulledAt: "desc" },
    select: { integrationId: true, id: true, objectName: true, name: true, website: true, ownerId: true, fields: true, state: true, masterRecordId: true, retiredReason: true, pulledAt: true },
  });
}
