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

/**
 * One run per integration at a time, across workers and the command line: two workers on one
 * Redis never run the same integration's steps together.
 */
export async function withIntegrationLock<T>(integrationId: string, label: string, work: () => Promise<T>): Promise<T> {
  const client = await lockConnection();
  try {
    // A worker killed a moment ago still holds the lock until its backend notices the closed
    // socket; wait a few seconds before calling the integration busy.
    let locked = false;
    for (let attempt = 0; attempt < 20 && !locked; attempt++) {
      if (attempt > 0) await new Promise((r) => setTimeout(r, 250));
      const { rows } = await client.query<{ locked: boolean }>("SELECT pg_try_advisory_lock(hashtext($1)) AS locked", [`run:${integrationId}`]);
      locked = rows[0]?.locked === true;
    }
    if (!locked) throw new AppError("CONFLICT", `${label} is already being pulled or matched. Wait for that run to finish (Sync history shows its progress).`);
    return await work();
  } finally {
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
