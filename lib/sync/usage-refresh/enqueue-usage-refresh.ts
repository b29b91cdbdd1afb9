import { enqueue } from "@/lib/queue/producer";

/**
 * Queues a usage refresh of one Pendo or PX integration. While one for the same integration is
 * waiting or running, the queue keeps that one (deduplication by integration): a slow refresh
 * never has a second one stacked behind it by the next tick of the schedule.
 */
export async function enqueueUsageRefresh(integrationId: string): Promise<{ jobId: string }> {
  const dedupId = `usage-refresh:${integrationId}`;
  const job = await enqueue("usageRefresh", { integrationId }, { deduplication: { id: dedupId }, attempts: 3 });
  return { jobId: job.id ?? dedupId };
}
