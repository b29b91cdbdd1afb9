import type { Prisma } from "@/lib/generated/prisma/client";
import { db } from "@/lib/db";

// A full pull's position per object, stored on its run so a killed worker's successor resumes it.

export type Checkpoint = Record<string, { position: string | null; done: boolean }>;

export async function saveCheckpoint(tx: Prisma.TransactionClient, runId: string, checkpoint: Checkpoint) {
  await tx.pullRun.update({ where: { id: runId }, data: { checkpoint: checkpoint as Prisma.InputJsonObject, heartbeatAt: new Date() } });
}

export async function loadCheckpoint(runId: string): Promise<Checkpoint> {
  const run = await db.pullRun.findUnique({ where: { id: runId }, select: { checkpoint: true } });
  return (run?.checkpoint as Checkpoint | null) ?? {};
}
