import { route } from "@/lib/http/route";
import { apiKeyConnectSchema, connectApiKeyIntegration } from "@/lib/integrations/connect-api-key";

export const POST = route({ permission: "integrations.manage", body: apiKeyConnectSchema }, async ({ user, ip, body }) =>
  connectApiKeyIntegration("PX", { actor: user, ip }, body),
);
