import { route } from "@/lib/http/route";
import { testConnection } from "@/lib/integrations/test-connection";

// One of the two vendor calls the web process may make itself (the other finishes OAuth).
export const POST = route({ permission: "integrations.manage" }, async ({ params }) => testConnection(params.id ?? ""));
