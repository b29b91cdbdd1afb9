import { z } from "zod";
import { route } from "@/lib/http/route";
import { overrideInputSchema, removeOverride, setOverride } from "@/lib/matching/overrides";
import { matchAndStore } from "@/lib/sync/match/match-integration";
import { requireAnalyticsIntegration } from "@/lib/matching/matching-page";

const integrationId = z.string().min(1).max(40);

// A pin or exclusion takes effect at once: matching re-runs for that integration.
export const POST = route(
  { permission: "exceptions.resolve", body: z.intersection(z.object({ integrationId }), overrideInputSchema) },
  async ({ body, user }) => {
    await requireAnalyticsIntegration(body.integrationId);
    await setOverride(body.integrationId, body, user);
    return { summary: await matchAndStore(body.integrationId) };
  },
);

export const DELETE = route(
  {
    permission: "exceptions.resolve",
    body: z.object({ integrationId, entity: z.enum(["ACCOUNT", "CONTACT"]), analyticsId: z.string().min(1).max(500) }),
  },
  async ({ body, user }) => {
    await requireAnalyticsIntegration(body.integrationId);
    await removeOverride(body.integrationId, body.entity, body.analyticsId, user);
    return { summary: await matchAndStore(body.integrationId) };
  },
);
