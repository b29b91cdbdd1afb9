import { z } from "zod";
import { route } from "@/lib/http/route";
import { dismissRecord } from "@/lib/sync/retry/dismiss-record";
import { undoDismissal } from "@/lib/sync/retry/undo-dismissal";

// Dismiss a refused write named by its record result on a run's page (it is not retried while its
// values stay the same), or undo that dismissal.
const resultId = z
  .string()
  .regex(/^\d{1,18}$/, "is not a record result id")
  .transform((s) => BigInt(s));

export const POST = route(
  { permission: "sync.retry", body: z.object({ resultId, reason: z.string().trim().max(500).nullish() }).strict() },
  async ({ body, user, ip }) => {
    const dismissal = await dismissRecord(body.resultId, body.reason || null, user, ip);
    return { dismissal, message: "Dismissed: it is not written again until its values change." };
  },
);

export const DELETE = route({ permission: "sync.retry", body: z.object({ resultId }).strict() }, async ({ body, user, ip }) => {
  await undoDismissal(body.resultId, user, ip);
  return { undone: true, message: "Dismissal undone: the next run writes it again." };
});
