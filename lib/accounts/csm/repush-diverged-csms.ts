import { db } from "@/lib/db";
import { logger } from "@/lib/logger";
import { csmFieldName } from "@/lib/accounts/csm/csm-field";
import { enqueueCsmPush } from "@/lib/accounts/csm/enqueue-csm-push";

// After a Salesforce pull: the accounts whose CSM field, as just pulled, is not Clearinghouse's
// assignment. The pull never touches AccountCsm (Clearinghouse is the source of truth), so the
// difference is a push still on its way, one that failed, or an edit made in Salesforce; each of
// those accounts gets its push queued again (deduplicated per account, so a push already waiting
// is not doubled). Also the accounts whose push has not succeeded, whatever was pulled. One
// indexed join of the (few) assigned accounts with their SfAccount rows.

export async function repushDivergedCsms(integrationId: string): Promise<{ queued: number }> {
  const fieldName = await csmFieldName(integrationId);
  const rows = await db.$queryRaw<{ accountId: string }[]>`
    SELECT c."accountId"
      FROM "AccountCsm" c
      JOIN "SfAccount" a ON a."integrationId" = c."integrationId" AND a."id" = c."accountId" AND a."state" = 'ACTIVE'
     WHERE c."integrationId" = ${integrationId}
       AND (c."pushedAt" IS NULL OR NULLIF(a."fields"->>${fieldName}, '') IS DISTINCT FROM c."sfUserId")
     ORDER BY c."accountId"`;
  let queued = 0;
  for (const { accountId } of rows) {
    try {
      await enqueueCsmPush(integrationId, accountId);
      queued++;
    } catch (error) {
      // Redis is down: the next pull finds the same accounts again.
      logger.warn({ integration: integrationId, err: error instanceof Error ? error.message : String(error) }, "could not queue CSM pushes after the pull");
      break;
    }
  }
  return { queued };
}
