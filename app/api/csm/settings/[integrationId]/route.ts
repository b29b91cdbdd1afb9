import { z } from "zod";
import { route } from "@/lib/http/route";
import { csmSettingsSchema, csmSettingsView, saveCsmSettings } from "@/lib/accounts/csm/csm-settings";

// Which Salesforce account field the CSM is pushed to (a lookup to User; CSM__c by default): a mapping, so mapping.manage.
const params = z.object({ integrationId: z.string().min(1).max(40) });

export const GET = route({ permission: "mapping.manage", params }, async ({ params }) => csmSettingsView(params.integrationId));

export const PUT = route({ permission: "mapping.manage", params, body: csmSettingsSchema }, async ({ params, body, user, ip }) =>
  saveCsmSettings(params.integrationId, body, { actor: user, ip }),
);
