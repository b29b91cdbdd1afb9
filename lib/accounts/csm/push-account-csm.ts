import { UnrecoverableError } from "bullmq";
import { db } from "@/lib/db";
import { describeVendorError, VendorError } from "@/lib/connectors/errors";
import { updateRecords } from "@/lib/connectors/salesforce/collections";
import type { AccountCsm as AccountCsmRow } from "@/lib/generated/prisma/client";
import { withSalesforce } from "@/lib/integrations/salesforce-client";
import { checkCsmField, csmFieldName } from "@/lib/accounts/csm/csm-field";

// The job behind every CSM change: writes the account's current AccountCsm to the Salesforce
// field and records the outcome on the row (pushedAt, or pushError with what to do). Idempotent:
// writing the same user again changes nothing in Salesforce, so a killed or repeated job is
// harmless. It pushes what the row says when it runs, not what the change that queued it said, so
// a burst of changes ends on the last one; a change landing while the write is in flight is seen
// by the compare-and-set below, and the job goes round again.

export type CsmPushOutcome = { pushed: string | null } | { skipped: string } | { failed: string };

const ROUNDS = 5;
const RETRY_NOTE = " Clearinghouse tries again shortly.";

type Key = { integrationId: string; accountId: string };

/** Records the outcome only if the assignment is still the one pushed: a newer change keeps its own state. */
async function settle(key: Key, row: AccountCsmRow, data: { pushedAt: Date | null; pushError: string | null }): Promise<boolean> {
  const { count } = await db.accountCsm.updateMany({ where: { ...key, setAt: row.setAt, sfUserId: row.sfUserId }, data });
  return count === 1;
}

async function fail(key: Key, row: AccountCsmRow, sentence: string, retryable: boolean): Promise<never> {
  await settle(key, row, { pushedAt: null, pushError: retryable ? `${sentence}${RETRY_NOTE}` : sentence });
  // Retryable failures go back to BullMQ's backoff; the others wait for a fix (a setting, a
  // reconnect), after which the next pull or settings change pushes again.
  throw retryable ? new Error(sentence) : new UnrecoverableError(sentence);
}

export async function pushAccountCsm(key: Key): Promise<CsmPushOutcome> {
  for (let round = 0; round < ROUNDS; round++) {
    const row = await db.accountCsm.findUnique({ where: { integrationId_accountId: key } });
    if (!row) return { skipped: "The account's CSM was never changed in Clearinghouse: Salesforce's value stands." };
    const [integration, account, fieldName] = await Promise.all([
      db.integration.findUnique({ where: { id: key.integrationId } }),
      db.sfAccount.findUnique({ where: { integrationId_id: { integrationId: key.integrationId, id: key.accountId } }, select: { objectName: true, state: true } }),
      csmFieldName(key.integrationId),
    ]);
    if (!integration || integration.system !== "SALESFORCE" || integration.status !== "CONNECTED") {
      return fail(key, row, "Salesforce is not connected, so the CSM could not be written there. Reconnect Salesforce on the Integrations page; the next pull pushes it again.", false);
    }
    if (!account || account.state !== "ACTIVE") {
      return fail(key, row, "The account was deleted or merged in Salesforce, so its CSM cannot be written there.", false);
    }
    const problem = await checkCsmField(key.integrationId, account.objectName, fieldName);
    if (problem) return fail(key, row, `${problem} Then the CSM is pushed again.`, false);

    let result;
    try {
      [result] = await withSalesforce(integration, (sf) => updateRecords(sf, account.objectName, [{ Id: key.accountId, [fieldName]: row.sfUserId }]));
    } catch (error) {
      if (error instanceof VendorError) return fail(key, row, describeVendorError(error), error.retryable);
      throw error;
    }
    if (!result) return fail(key, row, "Salesforce answered without a result for the account. Try the change again.", true);
    if (!result.ok) return fail(key, row, result.sentence, result.retryable);
    if (await settle(key, row, { pushedAt: new Date(), pushError: null })) return { pushed: row.sfUserId };
    // Changed while the write was in flight: push the newer assignment.
  }
  return { skipped: `The CSM changed ${ROUNDS} times while it was being pushed; the job queued by the latest change pushes the last one.` };
}
