import { z } from "zod";
import { route } from "@/lib/http/route";
import { overrideInputSchema, removeOverride, setOverride } from "@/lib/matching/overrides";
import { requireAnalyticsIntegration } from "@/lib/matching/matching-page";
import { enqueueMatch } from "@/lib/sync/match/enqueue-match";

const integrationId = z.string().min(1).max(40);

// A pin or exclusion is saved at once and applied by a re-match in the worker; the page follows the run.
export const POST = route(
  { permission: "exceptions.resolve", body: z.intersection(z.object({ integrationId }), overrideInputSchema) },
  async ({ body, user }) => {
    await requireAnalyticsIntegration(body.integrationId);
    await setOverride(body.integrationId, body, user);
    return enqueueMatch(body.integrationId, "override", user.email);
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
    return enqueueMatch(body.integrationId, "override", user.email);
  },
);
