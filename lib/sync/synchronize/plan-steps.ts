import { db } from "@/lib/db";
import type { SyncStepSpec } from "@/lib/sync/synchronize/sync-plan";

/**
 * Writes a run's planned steps as PENDING rows (a resumed run keeps the ones it has), so pages can
 * show every step, and how far the run is, from its first second.
 */
export async function planSteps(runId: string, specs: readonly SyncStepSpec[]): Promise<void> {
  await db.syncStep.createMany({
    data: specs.map((s, position) => ({ runId, position, name: s.name, integrationId: s.integrationId, status: "PENDING" as const })),
    skipDuplicates: true,
  });
}

/** Steps that will not run (an earlier step failed): SKIPPED with the reason, never left PENDING. */
export async function skipRemainingSteps(runId: string, reason: string): Promise<void> {
  await db.syncStep.updateMany({ where: { runId, status: "PENDING" }, data: { status: "SKIPPED", error: reason, finishedAt: new Date() } });
}
