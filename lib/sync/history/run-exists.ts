import { db } from "@/lib/db";

/** Whether a run with this id is recorded: the run page's layout answers 404 before anything streams. */
export async function runExists(runId: string): Promise<boolean> {
  return (await db.syncRun.count({ where: { id: runId } })) > 0;
}
