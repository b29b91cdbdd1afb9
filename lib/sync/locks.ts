import { Client } from "pg";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";

// Session-level advisory locks, each on a connection of its own: if the process holding one dies,
// PostgreSQL releases it at once, and the next run resumes what the dead one left RUNNING.

async function lockConnection(): Promise<Client> {
  const client = new Client({ connectionString: env.DATABASE_URL, application_name: "clearinghouse-sync-lock" });
  client.on("error", () => undefined);
  await client.connect();
  return client;
}

async function tryLock(client: Client, integrationId: string): Promise<boolean> {
  const { rows } = await client.query<{ locked: boolean }>("SELECT pg_try_advisory_lock(hashtext($1)) AS locked", [`run:${integrationId}`]);
  return rows[0]?.locked === true;
}

/**
 * One run per integration at a time, across workers and the command line: two workers on one
 * Redis never run the same integration's steps together.
 */
export async function withIntegrationLock<T>(integrationId: string, label: string, work: () => Promise<T>): Promise<T> {
  return withIntegrationLocks([{ id: integrationId, label }], work);
}

/**
 * Holds the run locks of several integrations (a Synchronize touches Salesforce and one or more
 * tools). They are taken in one global order (as given: Salesforce first, then tools by id), so two
 * runs that need overlapping sets wait for each other instead of deadlocking. `waitSeconds` bounds
 * the wait; the default is a few seconds, for a worker killed a moment ago whose backend has not yet
 * noticed the closed socket.
 */
export async function withIntegrationLocks<T>(integrations: readonly { id: string; label: string }[], work: () => Promise<T>, opts: { waitSeconds?: number } = {}): Promise<T> {
  const client = await lockConnection();
  try {
    const deadline = Date.now() + (opts.waitSeconds ?? 5) * 1000;
    for (const { id, label } of integrations) {
      let locked = await tryLock(client, id);
      while (!locked && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 250));
        locked = await tryLock(client, id);
      }
      if (!locked) throw new AppError("CONFLICT", `${label} is already being pulled, matched or synchronized. Wait for that run to finish (Sync history shows its progress).`);
    }
    return await work();
  } finally {
    // Closing the session releases every lock it holds.
    await client.end().catch(() => undefined);
  }
}

const MATCH_LOCK_WAIT_SECONDS = 600;

/**
 * The one writer of an analytics integration's links and exceptions. A Salesforce pull re-matches
 * every tool while that tool's own pull may be matching it: they queue here instead of racing
 * (the race used to end in a MatchLink primary-key error). Matching takes seconds, so waiting is
 * right; the wait is bounded so nothing hangs behind a stuck session.
 */
export async function withMatchLock<T>(analyticsIntegrationId: string, work: () => Promise<T>): Promise<T> {
  const client = await lockConnection();
  try {
    await client.query(`SET lock_timeout = '${MATCH_LOCK_WAIT_SECONDS}s'`);
    try {
      await client.query("SELECT pg_advisory_lock(hashtext($1))", [`match:${analyticsIntegrationId}`]);
    } catch {
      throw new AppError("UNAVAILABLE", `Matching waited ${MATCH_LOCK_WAIT_SECONDS / 60} minutes for another match of the same tool to finish. It retries automatically.`);
    }
    return await work();
  } finally {
    await client.end().catch(() => undefined);
  }
}
