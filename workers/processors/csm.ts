import { logger } from "@/lib/logger";
import type { JobPayload } from "@/lib/queue/jobs";
import { pushAccountCsm } from "@/lib/accounts/csm/push-account-csm";

/** One account's CSM to Salesforce; failures are recorded on the account (pushError) before they are thrown. */
export async function pushCsm(data: JobPayload<"pushAccountCsm">) {
  const outcome = await pushAccountCsm(data);
  logger.info({ integration: data.integrationId, account: data.accountId, outcome }, "CSM push done");
  return outcome;
}
