import { db } from "@/lib/db";
import type { Reader } from "@/lib/auth/data-scope";
import { findVisibleAccount } from "@/lib/accounts/account-page-scope";
import { firstAssigned } from "@/lib/accounts/csm/first-assigned";

// An account's CSM history (seed 003: who, when, from whom to whom), newest first, with "first
// assigned" derived from it. Keyed on the account account-page-scope.ts finds, so an account the
// viewer may not see has no history either (404).

export interface CsmUserRef {
  id: string;
  name: string | null;
  email: string | null;
}

export interface CsmHistoryRow {
  at: Date;
  /** Who made the change: a console user's email, the command line's --by, or "Salesforce". */
  by: string;
  /** console, cli, or salesforce (the value found in Salesforce when Clearinghouse took over). */
  source: string;
  from: CsmUserRef | null;
  to: CsmUserRef | null;
}

export interface CsmHistory {
  accountId: string;
  accountName: string | null;
  entries: CsmHistoryRow[];
  firstAssigned: { user: CsmUserRef; at: Date; source: string } | null;
}

/** The Salesforce users `ids` name, by id; one the hub does not hold is shown by its id. */
export async function csmUsers(integrationId: string, ids: Iterable<string | null>): Promise<(id: string | null) => CsmUserRef | null> {
  const wanted = [...new Set([...ids].filter((id): id is string => id !== null))];
  const users = wanted.length ? await db.sfUser.findMany({ where: { integrationId, id: { in: wanted } }, select: { id: true, name: true, email: true } }) : [];
  const byId = new Map(users.map((u) => [u.id, u]));
  return (id) => (id === null ? null : (byId.get(id) ?? { id, name: null, email: null }));
}

/** Null when no account with this id is visible to the reader. */
export async function csmHistory(accountId: string, reader: Reader): Promise<CsmHistory | null> {
  const account = await findVisibleAccount(accountId, reader);
  if (!account) return null;
  return csmHistoryOf(account);
}

/** The history of an account already found (the account page has it). */
export async function csmHistoryOf(account: { integrationId: string; id: string; name: string | null }): Promise<CsmHistory> {
  // [integrationId, accountId, changedAt] index; an account changes hands a few times a year.
  const changes = await db.csmChange.findMany({
    where: { integrationId: account.integrationId, accountId: account.id },
    orderBy: [{ changedAt: "desc" }, { id: "desc" }],
  });
  const user = await csmUsers(account.integrationId, changes.flatMap((c) => [c.fromUserId, c.toUserId]));
  const first = firstAssigned(changes);
  return {
    accountId: account.id,
    accountName: account.name,
    entries: changes.map((c) => ({ at: c.changedAt, by: c.changedByEmail, source: c.source, from: user(c.fromUserId), to: user(c.toUserId) })),
    firstAssigned: first ? { user: user(first.userId)!, at: first.at, source: first.source } : null,
  };
}
