import { route } from "@/lib/http/route";
import { listIntegrationCards } from "@/lib/integrations/list-integrations";

export const dynamic = "force-dynamic";

export const GET = route({ permission: "integrations.read" }, async () => ({ integrations: await listIntegrationCards() }));
