import { z } from "zod";
import { route } from "@/lib/http/route";
import { saveHealthModelVersion } from "@/lib/health/model-versions";

// Saving a health model writes the next version, not active until an admin activates it (after
// comparing backtests), so a half-finished edit never changes the scores CSMs read.
const body = z.object({
  // Checked field by field by saveHealthModelVersion, so a refusal names the field to fix.
  model: z.unknown(),
  note: z.string().trim().max(500, { error: "Keep the note under 500 characters." }).nullish(),
});

export const POST = route({ permission: "health.manage", body }, async ({ body, user }) => {
  const saved = await saveHealthModelVersion(body.model, body.note ?? null, user);
  return { version: saved.version };
});
