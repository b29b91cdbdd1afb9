import { stopIfCancelled } from "@/lib/sync/cancel";
import { z } from "zod";
import { saveStepProgress, type StepCheckpoint, type StepStats } from "@/lib/sync/runs";
import { inTransaction } from "@/lib/sync/sql";
import { extendUsageCoverage, readUsageCoverage } from "@/lib/usage/cursor";
import { addDays, dayBatches, isDay, planWindow, type Day, type DayRange } from "@/lib/usage/days";
import { resolveOptions, type UsageOptions, type UsageStepContext } from "@/lib/usage/options";
import type { UsageBatch } from "@/lib/usage/rollup";
import { replaceUsageDays } from "@/lib/usage/write-usage";

// The loop both tools share: plan the days to read, then read and replace them a batch at a time.
// Each batch commits with the coverage cursor and the step's counts and checkpoint, so a killed
// worker's successor resumes after the last committed batch (the same run's step) or, in a later
// run, from the cursor; either way a day is replaced whole, and reading it again changes nothing.

export interface DayReader {
  /** The tool's last whole day, in its own days. */
  yesterday(): Promise<Day>;
  /** The rollup rows of the days in `range`, every one of them inside it. */
  readBatch(range: DayRange): Promise<UsageBatch>;
}

const day = z.string().refine(isDay);
const checkpointSchema = z.object({ from: day, to: day, lastDay: day.nullable() });

export async function ingestDays(ctx: UsageStepContext, reader: DayReader, options: UsageOptions = {}): Promise<DayRange | null> {
  const o = resolveOptions(options);
  const saved = checkpointSchema.safeParse(ctx.checkpoint.usage);
  let window: DayRange | null;
  let next: Day;
  if (saved.success) {
    // A resumed step finishes the window it planned, after its last committed batch.
    window = { from: saved.data.from, to: saved.data.to };
    next = saved.data.lastDay ? addDays(saved.data.lastDay, 1) : window.from;
  } else {
    const coverage = await readUsageCoverage(ctx.integrationId);
    window = planWindow(coverage?.lastDay ?? null, await reader.yesterday(), o);
    if (!window) return null;
    next = window.from;
  }
  const planned = window;
  for (const range of next <= planned.to ? dayBatches({ from: next, to: planned.to }, o.batchDays) : []) {
    await stopIfCancelled(ctx.runId);
    const batch = await reader.readBatch(range);
    // Counted into copies: the step's own counts move only once the batch has committed.
    const stats = structuredClone(ctx.stats) as StepStats;
    const checkpoint: StepCheckpoint = { ...ctx.checkpoint, usage: { ...planned, lastDay: range.to } };
    await inTransaction(async (sql) => {
      await replaceUsageDays(sql, ctx.integrationId, batch, stats);
      await extendUsageCoverage(sql, ctx.integrationId, range);
      await saveStepProgress(sql, ctx, stats, checkpoint);
      await options.beforeCommit?.(range, sql);
    });
    Object.assign(ctx.stats, stats);
    Object.assign(ctx.checkpoint, checkpoint);
  }
  return planned;
}
