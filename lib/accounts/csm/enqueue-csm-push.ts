import { enqueue } from "@/lib/queue/producer";

/**
 * Queues the push of one account's CSM to Salesforce. Deduplicated per account: a burst of
 * changes while a push waits adds nothing (the job reads the newest assignment when it runs), and
 * a change while one runs leaves exactly one more to follow it (keepLastIfActive), so the last
 * change always reaches Salesforce.
 */
export async function enqueueCsmPush(integrationId: string, accountId: string): Promise<{ jobId: string }> {
  const dedupId = `csm-push:${integrationId}:${accountId}`;
  const job = await enqueue("pushAccountCsm", { integrationId, accountId }, { deduplication: { id: dedupId, keepLastIfActive: true }, attempts: 5 });
  return { jobId: job.id ?? dedupId };
}
