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
  const marker = `runs=${runs} records=${records}`;
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
  // Runs over the past year, newest every ~5 minutes; 1 in 20 partial, 1 in 50 failed, 1 in 200 cancelled.
  await step(
    "sync runs",
    `INSERT INTO "SyncRun" ("id", "integrationId", "system", "kind", "trigger", "triggeredBy", "status", "startedAt", "heartbeatAt", "finishedAt", "error")
     SELECT 'load-' || i, s.id, s.system::"IntegrationSystem", (ARRAY['SYNC','PULL','USAGE','MATCH'])[1 + i % 4]::"RunKind",
            (ARRAY['schedule','schedule','schedule','manual','cli'])[1 + i % 5], CASE WHEN i % 5 = 3 THEN 'admin@bench.example' END,
            (CASE WHEN i % 200 = 7 THEN 'CANCELLED' WHEN i % 50 = 3 THEN 'FAILED' WHEN i % 20 = 1 THEN 'PARTIAL' ELSE 'SUCCEEDED' END)::"RunStatus",
            now() - make_interval(mins => i * 5), now() - make_interval(mins => i * 5), now() - make_interval(mins => i * 5) + make_interval(secs => 20 + i % 300),
            CASE WHEN i % 50 = 3 THEN 'Salesforce refused the session: reconnect it on Integrations.' END
       FROM generate_series(1, $1::int) i
       CROSS JOIN LATERAL (SELECT (ARRAY['sf','pendo','px'])[1 + i % 3] AS id, (ARRAY['SALESFORCE','PENDO','PX'])[1 + i % 3] AS system) s`,
    [runs],
  );
  await step(
    "sync steps",
    `INSERT INTO "SyncStep" ("id", "runId", "position", "name", "integrationId", "status", "mode", "startedAt", "finishedAt", "stats", "apiCalls")
     SELECT r.id || '-' || p, r.id, p, (ARRAY['pull','match','push.salesforce'])[1 + p], r."integrationId", 'SUCCEEDED', CASE WHEN p = 0 THEN 'incremental' END,
            r."startedAt", r."finishedAt",
            CASE p WHEN 0 THEN jsonb_build_object('accounts', jsonb_build_object('read', 120, 'created', 2, 'updated', 9, 'unchanged', 109))
                   WHEN 1 THEN jsonb_build_object('accounts', jsonb_build_object('matched', 118, 'unmatched', 2, 'linked', 1))
                   ELSE jsonb_build_object('account', jsonb_build_object('linked', 118, 'total', 118, 'written', 11, 'unchanged', 105, 'skipped', 0, 'invalid', 1, 'rejected', 1)) END,
            jsonb_build_object('GET /query', 3 + p)
       FROM "SyncRun" r CROSS JOIN generate_series(0, 2) p WHERE r.id LIKE 'load-%'`,
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
  await step("ANALYZE", `ANALYZE "SyncRun", "SyncStep", "SyncRecordResult", "User", "SharingGroup", "SharingGroupMember"`);
  await client.query(`INSERT INTO "_load_bench" (what) VALUES ($1)`, [marker]);
  return true;
}
