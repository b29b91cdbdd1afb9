import { route } from "@/lib/http/route";
import { disconnectIntegration } from "@/lib/integrations/disconnect";

export const DELETE = route({ permission: "integrations.manage" }, async ({ user, ip, params }) =>
  disconnectIntegration(params.id ?? "", { actor: user, ip }),
);
