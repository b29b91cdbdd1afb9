import type { StepCheckpoint, StepStats } from "@/lib/sync/runs";
import type { Sql } from "@/lib/sync/sql";
import type { DayRange, WindowPlan } from "@/lib/usage/days";

/** Issue 12: the first ingestion reads 180 days, later ones re-read the last 3 for late data. */
export const USAGE_BACKFILL_DAYS = 180;
export const USAGE_REREAD_DAYS = 3;
/**
 * Days read and committed together. A week keeps Pendo's answers well under its advice of at most
 * 30 days per aggregation (spec A5) and a batch's rows in memory bounded (a week of 100,000 daily users
 * is 700,000 user-days at most), while a backfill costs 26 rounds of requests instead of 180.
 */
export const USAGE_BATCH_DAYS = 7;

export interface UsageOptions extends Partial<WindowPlan> {
  batchDays?: number;
  /** The hub's clock for PX, whose days are UTC and whose API tells no time (tests move it). */
  now?: Date;
  /** Test hook: runs inside each batch's transaction, after its rows are written, before it commits. */
  beforeCommit?: (range: DayRange, sql: Sql) => Promise<void> | void;
}

/** The usage step's identity in its run, its counts and its resume position (saved with each batch). */
export interface UsageStepContext {
  integrationId: string;
  runId: string;
  stepId: string;
  stats: StepStats;
  checkpoint: StepCheckpoint;
}

export function resolveOptions(options: UsageOptions = {}): Required<WindowPlan> & { batchDays: number } {
  const positive = (n: number | undefined, dflt: number, min: number) => (n !== undefined && Number.isInteger(n) && n >= min ? n : dflt);
  return {
    backfillDays: positive(options.backfillDays, USAGE_BACKFILL_DAYS, 1),
    rereadDays: positive(options.rereadDays, USAGE_REREAD_DAYS, 0),
    batchDays: positive(options.batchDays, USAGE_BATCH_DAYS, 1),
  };
}
