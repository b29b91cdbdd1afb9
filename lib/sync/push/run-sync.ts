import { AppError } from "@/lib/errors";
import { analyticsIntegrations } from "@/lib/hub/integrations";
import { runSynchronize, type SyncOptions, type SyncSummary } from "@/lib/sync/synchronize/run-synchronize";

export type { SyncSummary } from "@/lib/sync/synchronize/run-synchronize";

/** Synchronize one Pendo or PX integration (or, given Salesforce's id, every connected tool). */
export function runSync(integrationId: string, opts: SyncOptions): Promise<SyncSummary> {
  return runSynchronize(integrationId, opts);
}

/** `cli sync --inline`: one tool, or every connected tool in one run. */
export async function syncInline(system?: "PENDO" | "PX"): Promise<SyncSummary[]> {
  if (!system) return [await runSynchronize(null, { trigger: "cli" })];
  const tool = (await analyticsIntegrations()).find((t) => t.system === system);
  if (!tool) throw new AppError("CONFLICT", `${system === "PX" ? "Gainsight PX" : "Pendo"} is not connected. Run: npm run -s cli -- connect-demo, or connect it in the console.`);
  return [await runSynchronize(tool.id, { trigger: "cli" })];
}
