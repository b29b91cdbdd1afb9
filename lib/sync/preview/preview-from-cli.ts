import { AppError } from "@/lib/errors";
import { analyticsIntegrations } from "@/lib/hub/integrations";
import { runPreview, type PreviewResult } from "@/lib/sync/preview/run-preview";

/** `cli sync --dry-run`: a preview run in this process, of one tool or of every connected tool. */
export async function previewInline(system?: "PENDO" | "PX"): Promise<PreviewResult> {
  if (!system) return runPreview(null, { trigger: "cli" });
  const tool = (await analyticsIntegrations()).find((t) => t.system === system);
  if (!tool) throw new AppError("CONFLICT", `${system === "PX" ? "Gainsight PX" : "Pendo"} is not connected. Run: npm run -s cli -- connect-demo, or connect it in the console.`);
  return runPreview(tool.id, { trigger: "cli" });
}
