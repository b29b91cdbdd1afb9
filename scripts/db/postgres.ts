import { readdirSync } from "node:fs";
import pg from "pg";

/** An expected, user-fixable failure: CLIs print `message` alone, without a stack. */
export class DbToolError extends Error {
  override name = "DbToolError";
}

export function databaseName(url: string): string {
  const name = decodeURIComponent(new URL(url).pathname.slice(1));
  if (!name) throw new DbToolError(`no database name in ${redact(url)}`);
  return name;
}

export function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${encodeURIComponent(name)}`;
  return u.toString();
}

export function redact(url: string): string {
  const u = new URL(url);
  if (u.password) u.password = "***";
  return u.toString();
}

export function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

// Debian/Ubuntu clusters live under /etc/postgresql/<version>; fall back to the version we ship with.
function startHint(): string {
  let version = "15";
  try {
    version = readdirSync("/etc/postgresql").sort().at(-1) ?? version;
  } catch {}
  return `pg_ctlcluster ${version} main start`;
}

const UNREACHABLE = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "ETIMEDOUT", "EHOSTUNREACH", "ECONNRESET"]);

/** Turns "server not there" errors (also inside AggregateError) into one readable line. */
export function describeConnectionError(err: unknown, url: string): DbToolError | undefined {
  const errors = err instanceof AggregateError ? [err, ...err.errors] : [err];
  const code = errors.map((e) => (e as { code?: string })?.code).find((c) => c && UNREACHABLE.has(c));
  const { hostname, port } = new URL(url);
  const where = `${hostname}:${port || 5432}`;
  const hint = ["127.0.0.1", "localhost", "[::1]", ""].includes(hostname) ? `start it with: ${startHint()}` : "check DATABASE_URL";
  if (code) return new DbToolError(`PostgreSQL is not answering at ${where} — ${hint}`);
  const pgCode = (err as { code?: string })?.code;
  // 28P01/28000: auth; 57P03: starting up / shutting down.
  if (pgCode === "28P01" || pgCode === "28000" || pgCode === "57P03") {
    return new DbToolError(`PostgreSQL at ${where} refused the connection: ${(err as Error).message}`);
  }
  if ((err as Error)?.message?.includes("timeout expired")) {
    return new DbToolError(`PostgreSQL is not answering at ${where} (timed out) — ${hint}`);
  }
  return undefined;
}

/** Runs `fn` with a client on the server's `postgres` database (where CREATE/DROP DATABASE run). */
export async function withAdminClient<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: withDatabase(url, "postgres"), connectionTimeoutMillis: 5_000 });
  // Without a listener a server-side disconnect would crash the process.
  client.on("error", () => {});
  try {
    await client.connect();
  } catch (err) {
    throw describeConnectionError(err, url) ?? err;
  }
  try {
    return await fn(client);
  } finally {
    await client.end().catch(() => {});
  }
}

/** Fails fast with a one-line message if the server is down. */
export async function assertReachable(url: string): Promise<void> {
  await withAdminClient(url, async (c) => void (await c.query("SELECT 1")));
}

/** @returns true if it had to create the database. */
export async function ensureDatabase(url: string): Promise<boolean> {
  const name = databaseName(url);
  return withAdminClient(url, async (c) => {
    const { rowCount } = await c.query("SELECT 1 FROM pg_database WHERE datname = $1", [name]);
    if (rowCount) return false;
    try {
      await c.query(`CREATE DATABASE ${quoteIdent(name)}`);
    } catch (err) {
      // 42P04: someone else created it between our check and CREATE.
      if ((err as { code?: string }).code === "42P04") return false;
      throw err;
    }
    return true;
  });
}

/** Drops the database, terminating its connections first (PostgreSQL 13+). */
export async function dropDatabase(url: string): Promise<void> {
  const name = databaseName(url);
  await withAdminClient(url, async (c) => {
    await c.query(`DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`);
  });
}
