import { z } from "zod";
import { route } from "@/lib/http/route";
import { runIdSchema } from "@/lib/sync/history/params";
import { MAX_RETRY_RECORDS, scopedRecordSchema } from "@/lib/sync/retry/record-scope";
import { retryRun } from "@/lib/sync/retry/retry-run";

// "Retry" on a run's page: the named failed records, or every one (`all: true`), as a retry run of
// its own; the answer names it so the page can open it.
const body = z.union([
  z.object({ all: z.literal(true) }).strict(),
  z.object({ records: z.array(scopedRecordSchema.omit({ integrationId: true })).min(1, "Select at least one failed record.").max(MAX_RETRY_RECORDS) }).strict(),
]);

export const POST = route({ permission: "sync.retry", params: z.object({ id: runIdSchema }), body }, async ({ params, body, user, ip }) => {
  const { runId, started } = await retryRun(params.id, "all" in body ? "all" : body.records, user, ip);
  return { runId, started, message: started ? "Retry queued: it runs as a run of its own." : "The same retry is already queued or running." };
});
