/**
 * vitest globalSetup for the "integration" project: one fresh, migrated PostgreSQL database and
 * one BullMQ key prefix per run, so parallel runs (and developers) never share state.
 * Workers see them as process.env.DATABASE_URL / QUEUE_PREFIX (set before workers start, so
 * lib/env.ts picks them up) and as inject("databaseUrl") / inject("queuePrefix").
 */
/* eslint-disable no-restricted-properties -- test tooling: it writes the environment lib/env.ts later reads */
import { randomBytes } from "node:crypto";
import { Redis } from "ioredis";
import type { TestProject } from "vitest/node";
import { TEST_DATABASE_PREFIX, databaseUrl } from "../../scripts/db/config";
import { dropDatabase, ensureDatabase, quoteIdent, withAdminClient, withDatabase } from "../../scripts/db/postgres";
import { applyMigrations } from "../../scripts/db/schema-engine";

declare module "vitest" {
  export interface ProvidedContext {
    databaseUrl: string;
    queuePrefix: string;
  }
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * Drops test/shadow databases left by runs that were killed before teardown: the pid in the
 * name is gone from this machine and nobody is connected.
 */
async function dropLeftovers(serverUrl: string): Promise<void> {
  await withAdminClient(serverUrl, async (c) => {
    const { rows } = await c.query<{ datname: string }>(
      `SELECT datname FROM pg_database d
        WHERE (datname LIKE 'clearinghouse\\_test\\_%' OR datname LIKE 'clearinghouse\\_shadow\\_%')
          AND NOT EXISTS (SELECT 1 FROM pg_stat_activity a WHERE a.datid = d.oid)`,
    );
    for (const { datname } of rows) {
      const pid = Number(/^clearinghouse_(?:test|shadow)_(\d+)_/.exec(datname)?.[1]);
      if (!pid || pidAlive(pid)) continue;
      await c.query(`DROP DATABASE IF EXISTS ${quoteIdent(datname)}`).catch(() => {});
    }
  });
}

async function deleteRedisKeys(prefix: string): Promise<void> {
  const redis = new Redis(process.env.REDIS_URL || "redis://127.0.0.1:6379", {
    lazyConnect: true,
    connectTimeout: 2_000,
    maxRetriesPerRequest: 1,
    retryStrategy: () => null,
  });
  redis.on("error", () => {});
  try {
    await redis.connect();
    let cursor = "0";
    do {
      const [next, keys] = await redis.scan(cursor, "MATCH", `${prefix}:*`, "COUNT", 1000);
      cursor = next;
      if (keys.length) await redis.unlink(...keys);
    } while (cursor !== "0");
    await redis.quit();
  } catch {
    // Redis down: tests that needed it already failed; nothing to clean.
    redis.disconnect();
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const suffix = randomBytes(4).toString("hex");
  const url = withDatabase(databaseUrl(), `${TEST_DATABASE_PREFIX}${process.pid}_${suffix}`);
  const queuePrefix = `chtest-${suffix}`;

  await dropLeftovers(url);
  await ensureDatabase(url);
  try {
    await applyMigrations(url);
  } catch (err) {
    await dropDatabase(url).catch(() => {});
    throw err;
  }

  const saved = { DATABASE_URL: process.env.DATABASE_URL, QUEUE_PREFIX: process.env.QUEUE_PREFIX };
  process.env.DATABASE_URL = url;
  process.env.QUEUE_PREFIX = queuePrefix;
  project.provide("databaseUrl", url);
  project.provide("queuePrefix", queuePrefix);

  return async () => {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
    await Promise.all([dropDatabase(url), deleteRedisKeys(queuePrefix)]);
  };
}
