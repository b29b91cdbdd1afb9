import type { Integration } from "@/lib/generated/prisma/client";
import { AppError } from "@/lib/errors";
import { snapshotKpis } from "@/lib/kpis/snapshot-kpis";
import { saveStepProgress, type StepCheckpoint, type StepStats } from "@/lib/sync/runs";
import { readUsageCoverage } from "@/lib/usage/cursor";
import type { Day } from "@/lib/usage/days";
import type { UsageStep } from "@/lib/usage/run-usage-step";

export interface KpiStepResult {
  /** { kpis: { analytics, salesforce } }: accounts whose snapshot was written. */
  stats: StepStats;
  /** The day the snapshot is as of: the tool's last ingested day; null when skipped. */
  asOf: Day | null;
  /** Why nothing was computed (no usage ingested yet); the caller may close the step SKIPPED. */
  skipped: string | null;
}

/** The step's identity in its run, counts and resume position: the usage step's shape. */
export type KpiStep = UsageStep;

/**
 * The "kpis" step of a run for one Pendo or PX integration, after its usage step: the daily KPI
 * snapshot of every account as of the tool's last ingested day. The snapshot commits with the
 * step's counts and checkpoint; a resumed step that finds its day committed does not compute it
 * again (computing it again would change nothing). The caller closes the step.
 */
export async function runKpiStep(tool: Integration, step: KpiStep): Promise<KpiStepResult> {
  if (tool.system !== "PENDO" && tool.system !== "PX") throw new AppError("BAD_REQUEST", "KPIs are computed for Pendo or Gainsight PX only.");
  const coverage = await readUsageCoverage(tool.id);
  if (!coverage) return { stats: step.stats, asOf: null, skipped: "No usage is ingested yet, so there are no KPIs to compute." };
  const asOf = coverage.lastDay;
  if (step.checkpoint.kpis?.asOf === asOf) return { stats: step.stats, asOf, skipped: null };

  // Counted into copies: the step's own counts move only once the snapshot has committed.
  const stats = structuredClone(step.stats) as StepStats;
  const checkpoint: StepCheckpoint = { ...step.checkpoint, kpis: { asOf } };
  await snapshotKpis(tool.id, asOf, {
    beforeCommit: async (sql, counts) => {
      stats.kpis = { analytics: counts.analytics, salesforce: counts.salesforce };
      await saveStepProgress(sql, step, stats, checkpoint);
    },
  });
  Object.assign(step.stats, stats);
  Object.assign(step.checkpoint, checkpoint);
  return { stats: step.stats, asOf, skipped: null };
}
