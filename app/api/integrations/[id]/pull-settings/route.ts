import { z } from "zod";
import { route } from "@/lib/http/route";
import { firstPullWindowSchema, saveFirstPullWindow } from "@/lib/integrations/pull-settings";

// The Salesforce card's first-pull window (everything, or the last N months). An id no
// integration can have is a 404, like any other address that leads nowhere.
export const PUT = route(
  { permission: "integrations.manage", params: z.object({ id: z.string().min(1).max(40) }), body: firstPullWindowSchema },
  async ({ params, body, user, ip }) => saveFirstPullWindow(params.id, body.firstPullMonths, { actor: user, ip }),
);
