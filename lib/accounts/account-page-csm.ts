import { db } from "@/lib/db";
import type { RoleName } from "@/lib/auth/permissions";
import type { VisibleAccount } from "@/lib/accounts/account-page-scope";
import { readEffectiveCsm } from "@/lib/accounts/csm/effective-csm";

// Who may override an account's health (issue 13: "an admin or the account's CSM"). Admins and
// operations may on any account; a CSM only on the accounts whose CSM (a Salesforce user: the one
// set in Clearinghouse, else the CSM__c lookup as pulled; lib/accounts/csm/effective-csm.ts) has
// the CSM's own email. The email is the one thing the console user and the Salesforce user share.
// The check runs on the server in the override route; the page uses the same answer to show or
// hide the form.

export interface AccountCsm {
  userId: string;
  name: string | null;
  email: string | null;
  /** False when the user is not (or no longer) in the hub: CSM__c names someone never pulled. */
  known: boolean;
}

export async function accountCsm(account: Pick<VisibleAccount, "integrationId" | "id" | "fields">): Promise<AccountCsm | null> {
  const { userId } = await readEffectiveCsm(account);
  if (userId === null) return null;
  const user = await db.sfUser.findUnique({ where: { integrationId_id: { integrationId: account.integrationId, id: userId } }, select: { name: true, email: true } });
  return { userId, name: user?.name ?? null, email: user?.email ?? null, known: Boolean(user) };
}

export type OverrideAccess = { allowed: true } | { allowed: false; reason: string };

const sameEmail = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();

/** Whether `viewer` may set or clear this account's health override. Pure: the route and the page both ask it. */
export function overrideAccess(viewer: { role: RoleName; email: string }, csm: AccountCsm | null): OverrideAccess {
  if (viewer.role === "ADMIN" || viewer.role === "OPS") return { allowed: true };
  if (viewer.role !== "CSM") return { allowed: false, reason: "Your role can read this account but not override its health. Ask an admin, operations or the account's CSM." };
  if (!csm) return { allowed: false, reason: "This account has no CSM, so only admins and operations can override its health." };
  if (!csm.email) {
    return { allowed: false, reason: `The account's CSM (${csm.name ?? csm.userId}) has no email in the hub, so Clearinghouse cannot tell whether that is you. Ask an admin or operations.` };
  }
  if (sameEmail(csm.email, viewer.email)) return { allowed: true };
  return { allowed: false, reason: `Only the account's own CSM can override its health, and its CSM is ${csm.name ?? csm.email}, not you. Ask them, an admin or operations.` };
}
