import os from "node:os";
import { db } from "@/lib/db";

export interface WorkerIdentity {
  workerId: string;
  host: string;
  pid: number;
  version: string;
  queues: string[];
  startedAt: Date;
}

const FORGET_SILENT_WORKERS_AFTER_MS = 24 * 3600 * 1000;

/** The worker that processes the scheduled heartbeat proves the whole path: Redis, the queue and Postgres. */
export async function recordHeartbeat(identity: WorkerIdentity, now = new Date()): Promise<void> {
  await db.workerHeartbeat.upsert({
    where: { workerId: identity.workerId },
    create: { ...identity, beatAt: now },
    update: { beatAt: now, version: identity.version, queues: identity.queues, startedAt: identity.startedAt },
  });
  // Workers that stopped a day ago are gone for good (restarted under a new pid); forget them.
  await db.workerHeartbeat.deleteMany({ where: { beatAt: { lt: new Date(now.getTime() - FORGET_SILENT_WORKERS_AFTER_MS) } } });
}

export function workerIdentity(queues: string[], version: string): WorkerIdentity {
  return { workerId: `${os.hostname()}:${process.pid}`, host: os.hostname(), pid: process.pid, version, queues, startedAt: new Date() };
}
