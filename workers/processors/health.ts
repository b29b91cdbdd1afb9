import { logger } from "@/lib/logger";
import { runBacktestJob } from "@/lib/health/backtest-job";
import type { JobPayload } from "@/lib/queue/jobs";
import { rethrow } from "@/workers/processors/sync";

/** The console's backtest: its return value is the result the page reads (lib/health/backtest-job.ts). */
export async function healthBacktest(data: JobPayload<"healthBacktest">) {
  try {
    const result = await runBacktestJob(data);
    const first = (result.backtest ?? result.comparison.b).horizons[0];
    logger.info({ version: data.version, compare: data.compare ?? null, auc: first?.metrics.auc ?? null, outcomes: first?.outcomes ?? 0 }, "health backtest done");
    return result;
  } catch (error) {
    rethrow(error);
  }
}
