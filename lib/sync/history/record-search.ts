import { db } from "@/lib/db";
import { accountVisibleWhere, dataScope, type Reader } from "@/lib/auth/data-scope";

// The run page's search: a record id (or its start), or part of a record's name as the hub holds it
// now (Salesforce accounts and contacts, Pendo and PX accounts and users). Names are looked up in the
// hub first, then the run's results are read by those ids, so the results table is never scanned for
// text. An account outside the reader's sharing groups is never found by its name.

/** Ids whose name holds the text, per kind of record; a name shared by thousands is cut at this many. */
const MAX_NAMED = 500;

export async function idsNamed(text: string, reader: Reader): Promise<string[]> {
  const contains = { contains: text, mode: "insensitive" as const };
  const scope = await dataScope(reader);
  const [accounts, contacts, toolAccounts, toolUsers] = await Promise.all([
    db.sfAccount.findMany({ where: { AND: [{ name: contains }, accountVisibleWhere(scope)] }, select: { id: true }, take: MAX_NAMED }),
    db.sfContact.findMany({ where: { OR: [{ name: contains }, { email: contains }] }, select: { id: true }, take: MAX_NAMED }),
    db.analyticsAccount.findMany({ where: { name: contains }, select: { externalId: true }, take: MAX_NAMED }),
    db.analyticsUser.findMany({ where: { OR: [{ name: contains }, { email: contains }] }, select: { externalId: true }, take: MAX_NAMED }),
  ]);
  return [...new Set([...accounts.map((a) => a.id), ...contacts.map((c) => c.id), ...toolAccounts.map((a) => a.externalId), ...toolUsers.map((u) => u.externalId)])];
}
