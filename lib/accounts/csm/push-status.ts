import type { AccountCsm as AccountCsmRow } from "@/lib/generated/prisma/client";

// Where the account's CSM stands with Salesforce, for the account page and the command line.

export type CsmPushStatus =
  | { state: "salesforce" }
  | { state: "pushed"; at: Date }
  | { state: "pending"; since: Date }
  | { state: "failed"; error: string; since: Date };

/** "salesforce" while there is no Clearinghouse assignment: the value shown is Salesforce's own. */
export function csmPushStatus(assignment: Pick<AccountCsmRow, "setAt" | "pushedAt" | "pushError"> | null): CsmPushStatus {
  if (!assignment) return { state: "salesforce" };
  if (assignment.pushedAt) return { state: "pushed", at: assignment.pushedAt };
  if (assignment.pushError) return { state: "failed", error: assignment.pushError, since: assignment.setAt };
  return { state: "pending", since: assignment.setAt };
}
