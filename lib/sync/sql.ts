import pg from "pg";
import { env } from "@/lib/env";

// Bulk writes go straight to PostgreSQL: one `INSERT … SELECT FROM unnest($arrays) ON CONFLICT`
// statement per page instead of a Prisma call per row (the per-row path ran at ~2,000 records/s).
// Prisma stays the client for everything else; these statements touch only the hub tables.

const globalForPool = globalThis as unknown as { syncPool?: pg.Pool };

export function syncPool(): pg.Pool {
  if (!globalForPool.syncPool) {
    const pool = new pg.Pool({ connectionString: env.DATABASE_URL, max: 4, application_name: "clearinghouse-sync" });
    pool.on("error", () => undefined);
    globalForPool.syncPool = pool;
  }
  return globalForPool.syncPool;
}

export type Sql = pg.PoolClient;

/** Runs `work` in one transaction on a pooled connection: a page, its cursor and its counts commit together. */
export async function inTransaction<T>(work: (sql: Sql) => Promise<T>): Promise<T> {
  const client = await syncPool().connect();
  try {
    await client.query("BEGIN");
    const result = await work(client);
    await client.query("COMMIT");
    return result;
  } catch (error) {
    await client.query("ROLLBACK").catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

export async function closeSyncPool(): Promise<void> {
  const pool = globalForPool.syncPool;
  globalForPool.syncPool = undefined;
  if (pool) await pool.end().catch(() => undefined);
}

/** Timestamps go in as UTC ISO text; Prisma's `timestamp(3)` columns hold UTC without a zone. */
export const isoOrNull = (d: Date | null | undefined): string | null => (d ? d.toISOString() : null);

/** Keeps the last row per key: ON CONFLICT cannot touch one row twice in a statement. */
export function lastByKey<R>(rows: readonly R[], keyOf: (r: R) => string): R[] {
  const unique = new Map<string, R>();
  for (const row of rows) unique.set(keyOf(row), row);
  return [...unique.values()];
}
