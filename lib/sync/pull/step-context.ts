import type { StepCheckpoint, StepStats } from "@/lib/sync/runs";

/** What a pull step carries: its run and step ids, its counts and its resume position. */
export interface PullStepContext {
  integrationId: string;
  runId: string;
  stepId: string;
  stats: StepStats;
  checkpoint: StepCheckpoint;
}
