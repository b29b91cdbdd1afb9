import { route } from "@/lib/http/route";
import { configFileName } from "@/lib/config/config-schema";
import { exportConfig } from "@/lib/config/export-config";

// The whole configuration as a download; it holds no credential, so it may be kept or mailed.
export const GET = route({ permission: "settings.manage" }, async () => {
  const at = new Date();
  const file = await exportConfig(at);
  return new Response(`${JSON.stringify(file, null, 2)}\n`, {
    headers: { "content-type": "application/json; charset=utf-8", "content-disposition": `attachment; filename="${configFileName(at)}"`, "cache-control": "no-store" },
  });
});
