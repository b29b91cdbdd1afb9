import { z } from "zod";
import { route } from "@/lib/http/route";
import { matchRulesSchema } from "@/lib/matching/rules";
import { checkCustomFieldPairs } from "@/lib/matching/field-options";
import { requestPreview } from "@/lib/sync/match/request-preview";
import { requireAnalyticsIntegration } from "@/lib/matching/matching-page";

// The worker runs the proposed rules against the hub's current data next to the saved ones. Writes nothing.
export const POST = route({ permission: "matching.manage", body: z.object({ rules: matchRulesSchema }) }, async ({ params, body }) => {
  const integrationId = params.integrationId ?? "";
  await requireAnalyticsIntegration(integrationId);
  await checkCustomFieldPairs(integrationId, body.rules);
  return requestPreview(integrationId, body.rules);
});
