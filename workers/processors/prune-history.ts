import { logger } from "@/lib/logger";
import { pruneHistory as prune, type PruneResult } from "@/lib/sync/history/prune-history";

/** The daily history prune; what it removed goes to the log and the job's return value. */
export async function pruneHistory(): Promise<PruneResult | null> {
  const result = await prune();
  if (result && result.runs > 0) logger.info(result, "history pruned");
  return result;
}
