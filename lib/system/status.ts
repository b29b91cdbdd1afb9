import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { describeRedis, pingRedis, redisDownSentence } from "@/lib/queue/connection";
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

function workersCheck(beats: WorkerBeat[], redis: Health): SystemStatus["workers"] {
  const alive = beats.filter((b) => b.alive).length;
  if (alive > 0) return { status: "up", message: `${alive} worker${alive === 1 ? "" : "s"} beating`, beats };
  // Workers beat through Redis: while it is down a live worker is silent too, and starting another
  // would not help. They reconnect by themselves.
  if (redis === "down") return { status: "down", message: `Workers cannot take jobs or report while Redis at ${describeRedis()} is down; they reconnect by themselves once it answers.`, beats };
  const message = beats.length
    ? `No worker has beaten for ${beats[0]!.ageSeconds} s. Start one with: npm run worker`
    : "No worker has ever reported. Start one with: npm run worker";
  return { status: "down", message, beats };
}

export async function getSystemStatus(now = new Date()): Promise<SystemStatus> {
  const [dbCheck, redisCheck] = await Promise.allSettled([
    withTimeout(db.$queryRaw`SELECT 1`, 3000),
    pingRedis(producerRedis(), 3000),
  ]);
  const database =
    dbCheck.status === "fulfilled"
      ? { status: "up" as const, message: `PostgreSQL at ${databaseHost()} answers` }
      : { status: "down" as const, message: `PostgreSQL at ${databaseHost()} is not answering: start it (or correct DATABASE_URL), then reload.` };
  const redis =
    redisCheck.status === "fulfilled"
      ? { status: "up" as const, message: `Redis at ${describeRedis()} answers` }
      : { status: "down" as const, message: redisDownSentence("start it (or correct REDIS_URL), then reload") };

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
  const workers = workersCheck(beats, redis.status);
  const queues = redis.status === "up" ? await queueDepths().catch(() => []) : [];
  return { checkedAt: now.toISOString(), database, redis, workers, queues };
}

const CONNECTION_FAILURE = /ECONNREFUSED|ECONNRESET|ETIMEDOUT|EHOSTUNREACH|ENOTFOUND|EAI_AGAIN|Connection is closed|enableOfflineQueue|max retries per request|Can't reach database server|Connection terminated/i;

/**
 * For an error that only says a connection failed (ioredis, pg, Prisma): one sentence naming the
 * service by its configured address and what to do, instead of a raw ECONNREFUSED and its stack.
 * Undefined for any other error.
 */
export function describeConnectionError(error: unknown): string | undefined {
  if (!(error instanceof Error)) return undefined;
  const e = error as Error & { code?: string; address?: string; port?: number };
  const text = `${error.name}: ${error.message} ${e.code ?? ""}`;
  if (!CONNECTION_FAILURE.test(text)) return undefined;
  // Whole words only: "127.0.0.1:1" is not "127.0.0.1:15432".
  const words = text.split(/[^\w.:[\]-]+/).map((w) => w.replace(/\.+$/, ""));
  const at = (hostPort: string) => words.includes(hostPort) || (e.port !== undefined && hostPort.endsWith(`:${e.port}`));
  // ioredis says "Connection is closed" or names its offline queue without an address; pg and
  // Prisma name the database or its port.
  if (at(describeRedis()) || /Connection is closed|enableOfflineQueue|max retries per request/i.test(text)) return redisDownSentence();
  if (at(databaseHost()) || /database server|Connection terminated/i.test(text)) {
    return `PostgreSQL at ${databaseHost()} is not answering: start it (or correct DATABASE_URL), then try again.`;
  }
  return `A service did not answer (${e.code ?? error.message}). Check PostgreSQL at ${databaseHost()} and Redis at ${describeRedis()} with: npm run -s cli -- status`;
}
