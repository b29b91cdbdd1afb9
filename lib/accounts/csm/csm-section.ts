import { can, type RoleName } from "@/lib/auth/permissions";
import type { VisibleAccount } from "@/lib/accounts/account-page-scope";
import { csmHistoryOf, csmUsers, type CsmHistory, type CsmUserRef } from "@/lib/accounts/csm/csm-history";
import { readEffectiveCsm, type CsmSource } from "@/lib/accounts/csm/effective-csm";
import { csmPushStatus, type CsmPushStatus } from "@/lib/accounts/csm/push-status";

// The account page's CSM section: who the CSM is and where that comes from, whether Salesforce has
// it yet, the history with "first assigned", and whether the viewer may change it.

export interface CsmSection {
  csm: CsmUserRef | null;
  /** "salesforce" until the CSM is first changed in Clearinghouse. */
  source: CsmSource;
  /** The Salesforce account field the CSM is pushed to. */
  fieldName: string;
  push: CsmPushStatus;
  history: CsmHistory;
  /** Admins and operations (accounts.csm); the route checks it again. */
  canChange: boolean;
}

export async function csmSection(account: Pick<VisibleAccount, "integrationId" | "id" | "name" | "fields">, viewer: { role: RoleName }): Promise<CsmSection> {
  const [state, history] = await Promise.all([readEffectiveCsm(account), csmHistoryOf(account)]);
  const user = await csmUsers(account.integrationId, [state.userId]);
  return {
    csm: user(state.userId),
    source: state.source,
    fieldName: state.fieldName,
    push: csmPushStatus(state.assignment),
    history,
    canChange: can(viewer.role, "accounts.csm"),
  };
}
