import { z } from "zod";
import { route } from "@/lib/http/route";
import { backtestJobIdSchema, backtestJobStatus, backtestRequestSchema, enqueueBacktest } from "@/lib/health/backtest-job";
import { visibleBacktest } from "@/lib/health/backtest-visible";

// The backtest runs in the worker: POST queues it and answers its job id; GET with that id answers
// where it is, and its result once done (kept BACKTEST_RESULT_HOURS).
export const POST = route({ permission: "health.manage", body: backtestRequestSchema }, async ({ body }) => {
  const { jobId } = await enqueueBacktest(body);
  return { jobId, message: "Backtest queued. It computes the KPI history it needs first, which can take a few minutes." };
});

// The figures are whole; the lists of accounts only those the viewer's sharing groups let them see.
export const GET = route({ permission: "health.manage", query: z.object({ jobId: backtestJobIdSchema }) }, async ({ query, user }) =>
  visibleBacktest(await backtestJobStatus(query.jobId), user),
);
