import type { Integration } from "@/lib/generated/prisma/client";
import { AppError } from "@/lib/errors";
import { inTransaction } from "@/lib/sync/sql";
import { analyticsUsageFor } from "@/lib/integrations/analytics-source";
import { mergeCalls, type StepCheckpoint, type StepStats } from "@/lib/sync/runs";
import { readUsageCoverage, type UsageCoverage } from "@/lib/usage/cursor";
import type { DayRange } from "@/lib/usage/days";
import { ingestPendo } from "@/lib/usage/ingest-pendo";
import { ingestPx } from "@/lib/usage/ingest-px";
import type { UsageOptions } from "@/lib/usage/options";

export interface UsageStepResult {
  /** Per table: { days, rows } written (re-read days count again); catalogues: { rows }. */
  stats: StepStats;
  apiCalls: Record<string, number>;
  /** The days this step read, in the tool's days; null when nothing was due. */
  window: DayRange | null;
  /** Every day now in the rollups: what KPI windows may read. */
  coverage: UsageCoverage | null;
}

export interface UsageStep {
  runId: string;
  stepId: string;
  stats: StepStats;
  checkpoint: StepCheckpoint;
  /** The step's API calls so far; this step's calls are added to it, also when it fails. */
  apiCalls?: Record<string, number>;
}

/**
 * Fresh planner statistics for the rollups the KPI step reads next. Without them (autovacuum has
 * not run yet after a backfill) PostgreSQL guesses one row and re-reads the tool's whole span per
 * window and batch of accounts: at 100,000 accounts the KPI SQL took 230-250 s instead of 45-60 s
 * after a 1.3 s ANALYZE (`npm run -s bench -- usage --accounts 100000`).
 */
async function analyzeRollups(): Promise<void> {
  await inTransaction((sql) => sql.query(`ANALYZE "UsageUserDay", "UsageAccountDay", "UsageUserFeatureDay", "UsageAccountFeatureDay", "UsageEngagementDay", "UsageNpsResponse"`));
}

/**
 * The "usage" step of a run for one Pendo or PX integration: brings its daily rollups up to the
 * tool's yesterday. Counts and the checkpoint are saved with each committed batch of days, so a
 * step resumed after a crash continues after its last batch. Vendor failures are thrown as they
 * come (VendorError); the caller closes the step.
 */
export async function runUsageStep(tool: Integration, step: UsageStep, options: UsageOptions = {}): Promise<UsageStepResult> {
  if (tool.system !== "PENDO" && tool.system !== "PX") throw new AppError("BAD_REQUEST", "Usage is ingested from Pendo or Gainsight PX only.");
  const usage = analyticsUsageFor(tool);
  const ctx = { integrationId: tool.id, runId: step.runId, stepId: step.stepId, stats: step.stats, checkpoint: step.checkpoint };
  const apiCalls = step.apiCalls ?? {};
  try {
    const window = usage.system === "PENDO" ? await ingestPendo(usage.reader, ctx, options) : await ingestPx(usage.reader, ctx, options);
    if (window) await analyzeRollups();
    return { stats: step.stats, apiCalls, window, coverage: await readUsageCoverage(tool.id) };
  } finally {
    mergeCalls(apiCalls, usage.reader.apiCalls());
  }
}
