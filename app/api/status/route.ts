import { route } from "@/lib/http/route";
import { getSystemStatus } from "@/lib/system/status";

export const dynamic = "force-dynamic";

export const GET = route({ permission: "system.read" }, async () => getSystemStatus());
