import { z } from "zod";
import { route } from "@/lib/http/route";
import { activateHealthModelVersion } from "@/lib/health/model-versions";

// The version that scores from the next scoring on (every Synchronize and the hourly usage refresh).
const params = z.object({ version: z.string().regex(/^[1-9]\d{0,6}$/, { error: "A model version is a whole number from 1." }) });

export const POST = route({ permission: "health.manage", params }, async ({ params, user }) => {
  const active = await activateHealthModelVersion(Number(params.version), user);
  return { version: active.version };
});
