import { z } from "zod";
import { route } from "@/lib/http/route";
import { matchRulesSchema } from "@/lib/matching/rules";
import { saveRules } from "@/lib/matching/settings-store";
import { checkCustomFieldPairs } from "@/lib/matching/field-options";
import { matchAndStore } from "@/lib/sync/match/match-integration";
import { matchingView, requireAnalyticsIntegration } from "@/lib/matching/matching-page";

export const GET = route({ permission: "matching.manage" }, async ({ params }) => matchingView(params.integrationId ?? ""));

// Saving re-runs matching at once, so Exceptions and the push read the new rules' result.
export const PUT = route({ permission: "matching.manage", body: z.object({ rules: matchRulesSchema }) }, async ({ params, body, user }) => {
  const integrationId = params.integrationId ?? "";
  await requireAnalyticsIntegration(integrationId);
  await checkCustomFieldPairs(integrationId, body.rules);
  await saveRules(integrationId, body.rules, user);
  const summary = await matchAndStore(integrationId);
  return { view: await matchingView(integrationId), summary };
});
