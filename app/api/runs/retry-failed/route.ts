import { z } from "zod";
import { route } from "@/lib/http/route";
import { retryFailedSince } from "@/lib/sync/retry/retry-failed-since";

// "Retry all failed since a date": every write refused since then that is still failing, optionally
// only one Pendo or PX integration's, as one retry run.
const body = z
  .object({
    since: z.coerce.date({ error: "Give the date to retry from, as YYYY-MM-DD or an ISO date-time." }).refine((d) => d.getTime() <= Date.now(), "The date is in the future: no run has failed since then."),
    integrationId: z.string().trim().min(1).max(40).nullish(),
  })
  .strict();

export const POST = route({ permission: "sync.retry", body }, async ({ body, user, ip }) => {
  const queued = await retryFailedSince(body.since, body.integrationId ?? null, user, ip);
  return { ...queued, message: `Retry of ${queued.records} record(s) queued: it runs as a run of its own.` };
});
