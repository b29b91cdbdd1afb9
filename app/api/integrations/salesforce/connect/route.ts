import { route } from "@/lib/http/route";
import { startSalesforceConnect, startSalesforceSchema } from "@/lib/integrations/connect-salesforce";

export const POST = route({ permission: "integrations.manage", body: startSalesforceSchema }, async ({ user, ip, body }) =>
  startSalesforceConnect({ actor: user, ip }, body),
);
