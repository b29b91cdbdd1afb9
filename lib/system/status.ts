import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { describeRedis, pingRedis } from "@/lib/queue/connection";
import { producerRedis, queueDepths, type QueueDepth } from "@/lib/queue/producer";

export type Health = "up" | "down";

export interface WorkerBeat {
  workerId: string;
  host: string;
  pid: number;
  version: string;
  startedAt: string;
  beatAt: string;
  ageSeconds: number;
  alive: boolean;
}

export interface SystemStatus {
  checkedAt: string;
  database: { status: Health; message: string };
  redis: { status: Health; message: string };
  workers: { status: Health; message: string; beats: WorkerBeat[] };
  queues: QueueDepth[];
}

const withTimeout = <T>(p: Promise<T>, ms: number): Promise<T> =>
  Promise.race([p, new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms))]);

const databaseHost = () => {
  const url = new URL(env.DATABASE_URL);
  return `${url.hostname}:${url.port || 5432}`;
};

/** A worker counts as alive while its last beat is younger than three heartbeat intervals. */
export function isAlive(beatAt: Date, now: Date): boolean {
  return now.getTime() - beatAt.getTime() <= env.HEARTBEAT_INTERVAL_SECONDS * 3 * 1000;
}

export async function getSystemStatus(now = new Date()): Promise<SystemStatus> {
  const [dbCheck, redisCheck] = await Promise.allSettled([
    withTimeout(db.$queryRaw`SELECT 1`, 3000),
    pingRedis(producerRedis(), 3000),
  ]);
  const database =
    dbCheck.status === "fulfilled"
      ? { status: "up" as const, message: `PostgreSQL at ${databaseHost()} answers` }
      : { status: "down" as const, message: `PostgreSQL at ${databaseHost()} is not answering. Start it, then reload.` };
  const redis =
    redisCheck.status === "fulfilled"
      ? { status: "up" as const, message: `Redis at ${describeRedis()} answers` }
      : { status: "down" as const, message: `Redis at ${describeRedis()} is not answering. Start it, then reload.` };

  const rows = database.status === "up" ? await db.workerHeartbeat.findMany({ orderBy: { beatAt: "desc" }, take: 20 }) : [];
  const beats: WorkerBeat[] = rows.map((r) => ({
    workerId: r.workerId,
    host: r.host,
    pid: r.pid,
    version: r.version,
    startedAt: r.startedAt.toISOString(),
    beatAt: r.beatAt.toISOString(),
    ageSeconds: Math.max(0, Math.round((now.getTime() - r.beatAt.getTime()) / 1000)),
    alive: isAlive(r.beatAt, now),
  }));
  const alive = beats.filter((b) => b.alive).length;
  const workers =
    alive > 0
      ? { status: "up" as const, message: `${alive} worker${alive === 1 ? "" : "s"} beating`, beats }
      : {
          status: "down" as const,
          message: beats.length
            ? `No worker has beaten for ${beats[0]!.ageSeconds} s. Start one with: npm run worker`
            : "No worker has ever reported. Start one with: npm run worker",
          beats,
        };
  const queues = redis.status === "up" ? await queueDepths().catch(() => []) : [];
  return { checkedAt: now.toISOString(), database, redis, workers, queues };
}
