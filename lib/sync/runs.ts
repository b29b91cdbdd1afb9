import type { IntegrationSystem, Prisma, RunKind, RunStatus, StepStatus, SyncRun, SyncStep } from "@/lib/generated/prisma/client";
import { db } from "@/lib/db";
import { alertsAfterRun } from "@/lib/alerts/evaluate";
import type { Sql } from "@/lib/sync/sql";
import { runTotals } from "@/lib/sync/history/step-counts";

// Run bookkeeping for every kind of run (pull, match, later Synchronize). A run is a row with
// ordered steps; each step keeps its counts, API calls and checkpoint, written in the same
// transaction as the page they describe, so a killed worker's successor resumes from a state whose
// counts and position agree (a resumed run never counts a committed page twice).

export type StepStats = Record<string, Record<string, number>>;
export type StepCheckpoint = Record<string, Record<string, unknown>>;

export interface OpenRunInput {
  integrationId: string;
  system: IntegrationSystem;
  kind: RunKind;
  trigger: string;
  triggeredBy?: string | null;
  /** A run created QUEUED by whoever enqueued the job (the page polls it). */
  runId?: string;
}

/**
 * Starts a run, or resumes the RUNNING one a killed process left for this integration and kind.
 * Callers hold the integration's lock, so no live process owns a RUNNING run found here.
 */
export async function openRun(input: OpenRunInput): Promise<{ run: SyncRun; resumed: boolean }> {
  const now = new Date();
  const leftover = await db.syncRun.findFirst({
    where: { integrationId: input.integrationId, kind: input.kind, status: "RUNNING" },
    orderBy: { startedAt: "desc" },
  });
  if (leftover) {
    if (input.runId && input.runId !== leftover.id) await closeRun(input.runId, "CANCELLED", "Superseded: the run a stopped worker left was resumed instead.");
    const run = await db.syncRun.update({ where: { id: leftover.id }, data: { attempts: { increment: 1 }, heartbeatAt: now } });
    return { run, resumed: true };
  }
  if (input.runId) {
    const queued = await db.syncRun.findUnique({ where: { id: input.runId } });
    if (queued && queued.status === "QUEUED") {
      const run = await db.syncRun.update({ where: { id: queued.id }, data: { status: "RUNNING", startedAt: now, heartbeatAt: now } });
      return { run, resumed: false };
    }
  }
  const run = await db.syncRun.create({
    data: { integrationId: input.integrationId, system: input.system, kind: input.kind, trigger: input.trigger, triggeredBy: input.triggeredBy ?? null, status: "RUNNING", startedAt: now, heartbeatAt: now },
  });
  return { run, resumed: false };
}

/** A run recorded before its job is processed, so the page that asked for it can follow it. */
export async function queueRun(input: Omit<OpenRunInput, "runId">): Promise<SyncRun> {
  return db.syncRun.create({
    data: { integrationId: input.integrationId, system: input.system, kind: input.kind, trigger: input.trigger, triggeredBy: input.triggeredBy ?? null, status: "QUEUED" },
  });
}

export async function closeRun(runId: string, status: RunStatus, error: string | null = null): Promise<void> {
  const now = new Date();
  // The history sorts by duration and counts through indexed columns, so the run's totals are
  // written once, here, from its steps' counts as they stand (a cancelled step keeps what it committed).
  const run = await db.syncRun.findUnique({ where: { id: runId }, select: { startedAt: true, steps: { select: { name: true, status: true, stats: true, apiCalls: true } } } });
  const totals = run ? runTotals(run.steps, run.startedAt, now) : {};
  await db.syncRun.update({ where: { id: runId }, data: { status, error, finishedAt: now, heartbeatAt: now, ...totals } });
  // Every kind of run closes here, so the alert rules judge each one; this never throws.
  if (status !== "CANCELLED") await alertsAfterRun(runId);
}

/** The step at `position`, created on first use; a resumed run finds the one it left. */
export async function openStep(runId: string, position: number, name: string, integrationId: string): Promise<SyncStep> {
  const now = new Date();
  const existing = await db.syncStep.findUnique({ where: { runId_position: { runId, position } } });
  if (existing?.status === "SUCCEEDED" || existing?.status === "SKIPPED") return existing;
  // A PENDING step (planned when its run started) starts now; a resumed one keeps its start.
  if (existing) return db.syncStep.update({ where: { id: existing.id }, data: { status: "RUNNING", error: null, startedAt: existing.startedAt ?? now } });
  return db.syncStep.create({ data: { runId, position, name, integrationId, status: "RUNNING", startedAt: now } });
}

export async function closeStep(
  stepId: string,
  data: { status: StepStatus; stats: StepStats; apiCalls: Record<string, number>; mode?: string | null; error?: string | null; keepCheckpoint?: boolean },
): Promise<void> {
  await db.syncStep.update({
    where: { id: stepId },
    data: {
      status: data.status,
      stats: data.stats as Prisma.InputJsonObject,
      apiCalls: data.apiCalls,
      ...(data.mode !== undefined ? { mode: data.mode } : {}),
      error: data.error ?? null,
      finishedAt: new Date(),
      ...(data.keepCheckpoint ? {} : { checkpoint: undefined }),
    },
  });
}

/** Persists a step's counts and checkpoint inside the transaction of the page they describe. */
export async function saveStepProgress(sql: Sql, step: { runId: string; stepId: string }, stats: StepStats, checkpoint: StepCheckpoint | null): Promise<void> {
  const now = new Date().toISOString();
  await sql.query(`UPDATE "SyncStep" SET "stats" = $2::jsonb, "checkpoint" = $3::jsonb WHERE "id" = $1`, [step.stepId, JSON.stringify(stats), checkpoint ? JSON.stringify(checkpoint) : null]);
  await sql.query(`UPDATE "SyncRun" SET "heartbeatAt" = $2::timestamp WHERE "id" = $1`, [step.runId, now]);
}

export function mergeCalls(into: Record<string, number>, more: Record<string, number>): Record<string, number> {
  for (const [k, v] of Object.entries(more)) into[k] = (into[k] ?? 0) + v;
  return into;
}

/** The status a run ends with from its steps' outcomes. */
export function runOutcome(steps: readonly StepStatus[]): RunStatus {
  const failed = steps.filter((s) => s === "FAILED").length;
  if (failed === 0) return "SUCCEEDED";
  return failed === steps.length ? "FAILED" : "PARTIAL";
}
