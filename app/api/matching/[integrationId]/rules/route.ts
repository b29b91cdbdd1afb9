import { z } from "zod";
import { route } from "@/lib/http/route";
import { matchRulesSchema } from "@/lib/matching/rules";
import { saveRules } from "@/lib/matching/settings-store";
import { checkCustomFieldPairs } from "@/lib/matching/field-options";
import { matchingView, requireAnalyticsIntegration } from "@/lib/matching/matching-page";
import { enqueueMatch } from "@/lib/sync/match/enqueue-match";

export const GET = route({ permission: "matching.manage" }, async ({ params }) => matchingView(params.integrationId ?? ""));

// Saving queues a re-match for the worker; the page follows the returned run until it is done.
export const PUT = route({ permission: "matching.manage", body: z.object({ rules: matchRulesSchema }) }, async ({ params, body, user }) => {
  const integrationId = params.integrationId ?? "";
  await requireAnalyticsIntegration(integrationId);
  await checkCustomFieldPairs(integrationId, body.rules);
  await saveRules(integrationId, body.rules, user);
  const { runId } = await enqueueMatch(integrationId, "rules", user.email);
  return { view: await matchingView(integrationId), runId };
});
