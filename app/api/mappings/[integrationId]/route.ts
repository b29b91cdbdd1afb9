import { z } from "zod";
import { route } from "@/lib/http/route";
import { mappingView } from "@/lib/field-mappings/mapping-page";
import { restoreDefaultMappings, saveMappings, saveMappingsBodySchema } from "@/lib/field-mappings/save-mappings";

// The Map fields page of one Pendo or PX integration: read it, save the whole set, or go back to the defaults.
const params = z.object({ integrationId: z.string().min(1).max(40) });

export const GET = route({ permission: "mapping.manage", params }, async ({ params }) => mappingView(params.integrationId));

export const PUT = route({ permission: "mapping.manage", params, body: saveMappingsBodySchema }, async ({ params, body, user, ip }) => {
  if (body.mappings) await saveMappings(params.integrationId, body.mappings, { actor: user, ip });
  else await restoreDefaultMappings(params.integrationId, { actor: user, ip });
  return mappingView(params.integrationId);
});
