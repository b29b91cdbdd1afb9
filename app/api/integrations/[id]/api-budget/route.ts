import { z } from "zod";
import { route } from "@/lib/http/route";
import { apiBudgetSchema } from "@/lib/integrations/api-budget-setting";
import { saveApiBudget } from "@/lib/integrations/save-api-budget";

// The Salesforce card's API budget: a run's share and all runs' share of 24 hours, in percent of
// the org's daily allowance. An id no integration can have is a 404, like the first-pull window.
export const PUT = route(
  { permission: "integrations.manage", params: z.object({ id: z.string().min(1).max(40) }), body: apiBudgetSchema },
  async ({ params, body, user, ip }) => saveApiBudget(params.id, body, { actor: user, ip }),
);
