import { z } from "zod";
import { route } from "@/lib/http/route";
import { firstPullWindowSchema, saveFirstPullWindow } from "@/lib/integrations/pull-settings";

const paramsSchema = z.object({ id: z.string().min(1).max(40) });

// The Salesforce card's first-pull window (everything, or the last N months).
export const PUT = route({ permission: "integrations.manage", body: firstPullWindowSchema }, async ({ params, body, user, ip }) =>
  saveFirstPullWindow(paramsSchema.parse(params).id, body.firstPullMonths, { actor: user, ip }),
);
