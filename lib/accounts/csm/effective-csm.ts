import { db } from "@/lib/db";
import type { AccountCsm as AccountCsmRow } from "@/lib/generated/prisma/client";
import { csmFieldName } from "@/lib/accounts/csm/csm-field";

// Whose account it is (issue 13, "CSM as source of truth"). Until anyone changes it in
// Clearinghouse, the CSM is what Salesforce says (the CSM field as last pulled). The first change
// in Clearinghouse writes an AccountCsm row, and from then on that row is the answer, even when a
// pull brings back something else: the push may still be on its way or have failed, or someone
// edited the field in Salesforce; either way Clearinghouse's value wins and is pushed again
// (repush-diverged-csms.ts). A row whose user is null means "no CSM", not "ask Salesforce".

export type CsmSource = "clearinghouse" | "salesforce";

export interface EffectiveCsm {
  /** The Salesforce user id, null when the account has no CSM. */
  userId: string | null;
  source: CsmSource;
}

/** The CSM field's value as pulled: a Salesforce id, or null when empty or not a string. */
export function pulledCsmId(fields: unknown, fieldName: string): string | null {
  const raw = fields && typeof fields === "object" && !Array.isArray(fields) ? (fields as Record<string, unknown>)[fieldName] : undefined;
  return typeof raw === "string" && raw.trim() !== "" ? raw.trim() : null;
}

/** The effective CSM: the Clearinghouse assignment when there is one, else the pulled field. */
export function effectiveCsm(assignment: Pick<AccountCsmRow, "sfUserId"> | null, fields: unknown, fieldName: string): EffectiveCsm {
  if (assignment) return { userId: assignment.sfUserId, source: "clearinghouse" };
  return { userId: pulledCsmId(fields, fieldName), source: "salesforce" };
}

export interface AccountCsmState extends EffectiveCsm {
  /** The Clearinghouse assignment with its push state; null while Salesforce's value stands. */
  assignment: AccountCsmRow | null;
  fieldName: string;
}

/** One account's effective CSM: two primary-key reads. */
export async function readEffectiveCsm(account: { integrationId: string; id: string; fields: unknown }): Promise<AccountCsmState> {
  const [assignment, fieldName] = await Promise.all([
    db.accountCsm.findUnique({ where: { integrationId_accountId: { integrationId: account.integrationId, accountId: account.id } } }),
    csmFieldName(account.integrationId),
  ]);
  return { ...effectiveCsm(assignment, account.fields, fieldName), assignment, fieldName };
}
