import { startWorkers } from "@/workers/runtime";
import { logger } from "@/lib/logger";

// The worker process: every job runs here, never in the web process.
const SHUTDOWN_DEADLINE_MS = 25_000;

async function main() {
  const runtime = await startWorkers();
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, "worker stopping: finishing active jobs");
    const deadline = setTimeout(() => {
      logger.warn("active jobs did not finish in time; exiting, they will be retried");
      process.exit(1);
    }, SHUTDOWN_DEADLINE_MS);
    deadline.unref();
    void runtime.close().then(() => {
      logger.info("worker stopped");
      process.exit(0);
    });
  };
  process.on("SIGINT", () => stop("SIGINT"));
  process.on("SIGTERM", () => stop("SIGTERM"));
}

process.on("unhandledRejection", (reason) => logger.error({ err: reason }, "unhandled rejection"));
main().catch((error: unknown) => {
  logger.fatal({ err: error instanceof Error ? error.message : error }, "worker could not start");
  process.exit(1);
});
