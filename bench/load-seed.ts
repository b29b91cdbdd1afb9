import type pg from "pg";
import { log, round } from "./harness";

// What the load bench adds to an accounts bench database (bench/accounts-seed.ts): a sync history
// of `runs` runs with their steps, one Synchronize run with `records` per-record results, a
// sign-in for the pages, and the public-sector sharing group it belongs to. Plain SQL, minutes
// at most; marked in a table of its own so a reused database is not seeded twice.

export const LOAD_ADMIN = { email: "load-admin@bench.example", password: "load-bench-password-1" };
export const BIG_RUN_ID = "load-bench-run-10k";

export async function seedLoad(client: pg.Client, runs: number, records: number, passwordHash: string): Promise<boolean> {
  await client.query(`CREATE TABLE IF NOT EXISTS "_load_bench" (what text PRIMARY KEY)`);
  // "totals": runs seeded before SyncRun kept its sort totals are seeded again.
  const marker = `runs=${runs} records=${records} totals`;
  const seeded = await client.query(`SELECT 1 FROM "_load_bench" WHERE what = $1`, [marker]);
  if (seeded.rowCount) return false;
  const step = async (what: string, sql: string, params: unknown[] = []) => {
    const t = performance.now();
    const r = await client.query(sql, params);
    log(`  ${what}: ${r.rowCount ?? 0} rows in ${round((performance.now() - t) / 1000)} s`);
  };
  await client.query(`DELETE FROM "SyncRun" WHERE id LIKE 'load-%'`);
  await step(
    "admin",
    `INSERT INTO "User" ("id", "email", "role", "passwordHash", "updatedAt") VALUES ('load-admin', $1, 'ADMIN', $2, now())
     ON CONFLICT ("email") DO UPDATE SET "passwordHash" = EXCLUDED."passwordHash", "role" = 'ADMIN', "active" = true`,
    [LOAD_ADMIN.email, passwordHash],
  );
  // The demo's rule: public-sector accounts only for the group's members. The admin is one, so every
  // account page answers, and every list statement still carries the scope's condition.
  await step(
    "sharing group",
    `INSERT INTO "SharingGroup" ("id", "name", "fieldName", "fieldValue", "updatedAt") VALUES ('load-public-sector', 'Public sector (load bench)', 'Public_Sector__c', 'true', now())
     ON CONFLICT ("name") DO NOTHING`,
  );
  await client.query(`INSERT INTO "SharingGroupMember" ("groupId", "userId") VALUES ('load-public-sector', 'load-admin') ON CONFLICT DO NOTHING`);
  // Each run's counts, drawn once so its steps and the totals on its row (what closeRun writes, and
  // what the history sorts by) agree: pulls of 50 to 1,000 records, pushes writing up to 40 of the
  // 48 or more linked (never more than they link), a vendor refusing a few records of the partial
  // runs, durations from 20 s to 10 min, and API call counts with many ties.
  await client.query(`DROP TABLE IF EXISTS pg_temp.load_runs`);
  await step(
    "run counts",
    `CREATE TEMP TABLE load_runs AS
     SELECT i, read, written, invalid, rejected, read - 2 - written - invalid - rejected AS unchanged,
            1 + read / 200 AS pull_calls, 1 + i % 3 AS match_calls, 1 + (written + invalid + rejected) / 25 AS push_calls,
            (20 + (i * 7919) % 580) * 1000 + (i * 37) % 1000 AS duration_ms
       FROM (SELECT i, 50 + (i * 131) % 951 AS read, (i * 17) % 41 AS written,
                    CASE WHEN i % 40 = 7 THEN 1 + i % 3 ELSE 0 END AS invalid,
                    CASE WHEN i % 20 = 1 THEN 1 + (i * 7) % 5 ELSE 0 END AS rejected
               FROM generate_series(1, $1::int) i) c`,
    [runs],
  );
  // Runs over the past year, newest every ~5 minutes; 1 in 20 partial, 1 in 50 failed, 1 in 200 cancelled.
  await step(
    "sync runs",
    `INSERT INTO "SyncRun" ("id", "integrationId", "system", "kind", "trigger", "triggeredBy", "status", "startedAt", "heartbeatAt", "finishedAt", "error",
                            "durationMs", "recordCount", "apiCallCount", "rejectedCount")
     SELECT 'load-' || i, s.id, s.system::"IntegrationSystem", (ARRAY['SYNC','PULL','USAGE','MATCH'])[1 + i % 4]::"RunKind",
            (ARRAY['schedule','schedule','schedule','manual','cli'])[1 + i % 5], CASE WHEN i % 5 = 3 THEN 'admin@bench.example' END,
            (CASE WHEN i % 200 = 7 THEN 'CANCELLED' WHEN i % 50 = 3 THEN 'FAILED' WHEN i % 20 = 1 THEN 'PARTIAL' ELSE 'SUCCEEDED' END)::"RunStatus",
            now() - make_interval(mins => i * 5), now() - make_interval(mins => i * 5), now() - make_interval(mins => i * 5) + make_interval(secs => c.duration_ms / 1000.0),
            CASE WHEN i % 50 = 3 THEN 'Salesforce refused the session: reconnect it on Integrations.' END,
            c.duration_ms, c.read + c.written + c.invalid + c.rejected, c.pull_calls + c.match_calls + c.push_calls, c.rejected
       FROM load_runs c
       CROSS JOIN LATERAL (SELECT (ARRAY['sf','pendo','px'])[1 + i % 3] AS id, (ARRAY['SALESFORCE','PENDO','PX'])[1 + i % 3] AS system) s`,
  );
  await step(
    "sync steps",
    `INSERT INTO "SyncStep" ("id", "runId", "position", "name", "integrationId", "status", "mode", "startedAt", "finishedAt", "stats", "apiCalls")
     SELECT r.id || '-' || p, r.id, p, (ARRAY['pull','match','push.salesforce'])[1 + p], r."integrationId", 'SUCCEEDED', CASE WHEN p = 0 THEN 'incremental' END,
            r."startedAt", r."finishedAt",
            CASE p WHEN 0 THEN jsonb_build_object('accounts', jsonb_build_object('read', c.read, 'created', 2, 'updated', c.written, 'unchanged', c.read - c.written - 2))
                   WHEN 1 THEN jsonb_build_object('accounts', jsonb_build_object('matched', c.read - 2, 'unmatched', 2, 'linked', 1))
                   ELSE jsonb_build_object('account', jsonb_build_object('linked', c.read - 2, 'total', c.read - 2, 'written', c.written, 'unchanged', c.unchanged,
                                                                         'skipped', 0, 'invalid', c.invalid, 'rejected', c.rejected)) END,
            CASE p WHEN 0 THEN jsonb_build_object('GET /query', c.pull_calls) WHEN 1 THEN jsonb_build_object('GET /query', c.match_calls)
                   ELSE jsonb_build_object('PATCH /composite/sobjects', c.push_calls) END
       FROM "SyncRun" r JOIN load_runs c ON r.id = 'load-' || c.i CROSS JOIN generate_series(0, 2) p`,
  );
  // One Synchronize that wrote `records` Salesforce accounts: 1 in 12 rejected by a validation rule, 1 in 40 invalid.
  await client.query(
    `INSERT INTO "SyncRun" ("id", "integrationId", "system", "kind", "trigger", "triggeredBy", "status", "startedAt", "heartbeatAt", "finishedAt")
     VALUES ($1, 'pendo', 'PENDO', 'SYNC', 'manual', 'admin@bench.example', 'PARTIAL', now() - interval '1 minute', now(), now())`,
    [BIG_RUN_ID],
  );
  await client.query(
    `INSERT INTO "SyncStep" ("id", "runId", "position", "name", "integrationId", "status", "startedAt", "finishedAt", "stats", "apiCalls")
     VALUES ($1 || '-push', $1, 0, 'push.salesforce', 'pendo', 'SUCCEEDED', now() - interval '1 minute', now(), '{}', '{"PATCH /composite/sobjects": 50}')`,
    [BIG_RUN_ID],
  );
  await step(
    "record results",
    `INSERT INTO "SyncRecordResult" ("runId", "stepId", "system", "object", "recordId", "operation", "outcome", "errorCode", "message", "fields")
     SELECT $1, $1 || '-push', 'salesforce', 'account', a.id, 'update',
            CASE WHEN n % 12 = 5 THEN 'rejected' WHEN n % 40 = 7 THEN 'invalid' ELSE 'succeeded' END,
            CASE WHEN n % 12 = 5 THEN 'FIELD_CUSTOM_VALIDATION_EXCEPTION' WHEN n % 40 = 7 THEN 'VALUE_TOO_LONG' END,
            CASE WHEN n % 12 = 5 THEN 'A validation rule refused the value. Fix the rule or the value in Salesforce, then retry. Salesforce said: Active users must be positive'
                 WHEN n % 40 = 7 THEN 'The value is longer than the field allows (80 characters). Shorten it or widen the field.' END,
            jsonb_build_object('Pendo_Active_Users__c', jsonb_build_object('before', n % 300, 'after', n % 300 + 4),
                               'Pendo_Health_Score__c', jsonb_build_object('before', 40 + n % 50, 'after', 41 + n % 50))
       FROM (SELECT id, row_number() OVER (ORDER BY id) AS n FROM "SfAccount" ORDER BY id LIMIT $2) a`,
    [BIG_RUN_ID, records],
  );
  // The big run's push counts and totals, from the results just written.
  await client.query(
    `WITH o AS (SELECT count(*) FILTER (WHERE outcome = 'succeeded') AS written, count(*) FILTER (WHERE outcome = 'invalid') AS invalid,
                       count(*) FILTER (WHERE outcome = 'rejected') AS rejected, count(*) AS total
                  FROM "SyncRecordResult" WHERE "runId" = $1),
          s AS (UPDATE "SyncStep" SET "stats" = jsonb_build_object('account', jsonb_build_object('linked', o.total, 'total', o.total, 'written', o.written,
                       'unchanged', 0, 'skipped', 0, 'invalid', o.invalid, 'rejected', o.rejected)) FROM o WHERE "SyncStep"."id" = $1 || '-push')
     UPDATE "SyncRun" SET "durationMs" = 60000, "recordCount" = o.total, "apiCallCount" = 50, "rejectedCount" = o.rejected FROM o WHERE "SyncRun"."id" = $1`,
    [BIG_RUN_ID],
  );
  await step("ANALYZE", `ANALYZE "SyncRun", "SyncStep", "SyncRecordResult", "User", "SharingGroup", "SharingGroupMember"`);
  await client.query(`INSERT INTO "_load_bench" (what) VALUES ($1)`, [marker]);
  return true;
}
