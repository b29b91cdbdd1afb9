import { Client } from "pg";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";

/**
 * One pull per integration at a time, across the worker and the command line. A session-level
 * advisory lock on a connection of its own: if the process holding it dies, PostgreSQL releases it
 * at once, and the next pull resumes the run the dead one left RUNNING.
 */
export async function withPullLock<T>(integrationId: string, label: string, work: () => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: env.DATABASE_URL, application_name: "clearinghouse-pull-lock" });
  client.on("error", () => undefined);
  await client.connect();
  try {
    // A worker killed a moment ago still holds the lock until its backend notices the closed
    // socket; wait a few seconds before calling the pull busy.
    let locked = false;
    for (let attempt = 0; attempt < 20 && !locked; attempt++) {
      if (attempt > 0) await new Promise((r) => setTimeout(r, 250));
      const { rows } = await client.query<{ locked: boolean }>("SELECT pg_try_advisory_lock(hashtext($1)) AS locked", [`pull:${integrationId}`]);
      locked = rows[0]?.locked === true;
    }
    if (!locked) throw new AppError("CONFLICT", `A pull of ${label} is already running. Wait for it to finish (Sync history shows its progress).`);
    return await work();
  } finally {
    await client.end().catch(() => undefined);
  }
}
