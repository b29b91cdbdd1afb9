import pg from "pg";
import { log, round, serverUrl } from "./harness";

// Seeds a scratch database with the accounts the Accounts list and the account page read, directly
// with SQL (generate_series, no emulator): shared by the accounts bench (list read model) and the
// load bench (pages of a production build under concurrent clients).

export const SEED_VERSION = "accounts-bench seed 1";
export const HISTORY_DAYS = 90;
export const KPI_DAYS = 7;
export const CSMS = 200;

/** A storedDetail() of the default model: the width of a real HealthScore.measures. */
async function realisticDetail(): Promise<string> {
  const { DEFAULT_HEALTH_MODEL } = await import("@/lib/health/default-model");
  const { scoreAccount } = await import("@/lib/health/score-account");
  const { storedDetail } = await import("@/lib/health/score-health");
  const values = Object.fromEntries(DEFAULT_HEALTH_MODEL.measures.map((m) => [m.key, 42]));
  const score = scoreAccount({ model: DEFAULT_HEALTH_MODEL, modelVersion: 1, values, segment: "Enterprise" });
  return JSON.stringify(storedDetail(score, "pendo", "2026-01-01"));
}

async function kpiTemplate(): Promise<string> {
  const { ACCOUNT_KPIS } = await import("@/lib/kpis/catalogue");
  return JSON.stringify(Object.fromEntries(ACCOUNT_KPIS.map((k, i) => [k.key, k.type === "DATE_TIME" ? "2026-01-01" : i])));
}

export const databaseOf = (accounts: number) => `clearinghouse_bench_accounts_${accounts}`;

export async function alreadySeeded(database: string, accounts: number): Promise<boolean> {
  const admin = new pg.Client({ connectionString: serverUrl("postgres") });
  await admin.connect();
  const { rows } = await admin.query<{ comment: string | null }>(`SELECT shobj_description(oid, 'pg_database') AS comment FROM pg_database WHERE datname = $1`, [database]);
  await admin.end();
  return rows[0]?.comment === `${SEED_VERSION}, ${accounts} accounts`;
}

export async function seed(database: string, accounts: number): Promise<Record<string, number | string>> {
  const detail = await realisticDetail();
  const kpis = await kpiTemplate();
  const client = new pg.Client({ connectionString: serverUrl(database) });
  await client.connect();
  const step = async (what: string, sql: string, params: unknown[] = []) => {
    const t = performance.now();
    const r = await client.query(sql, params);
    log(`  ${what}: ${r.rowCount ?? 0} rows in ${round((performance.now() - t) / 1000)} s`);
  };
  await step(
    "integrations",
    `INSERT INTO "Integration" ("id", "system", "status", "environment", "baseUrl", "secrets", "updatedAt") VALUES
       ('sf', 'SALESFORCE', 'CONNECTED', 'production', 'https://login.example', 'x', now()),
       ('pendo', 'PENDO', 'CONNECTED', 'us', 'https://pendo.example', 'x', now()),
       ('px', 'PX', 'CONNECTED', 'us', 'https://px.example', 'x', now())`,
  );
  await step(
    "Salesforce users (CSMs)",
    `INSERT INTO "SfUser" ("integrationId", "id", "name", "email", "isActive", "systemModstamp", "pulledAt")
     SELECT 'sf', '005' || lpad(u::text, 15, '0'), 'CSM ' || u, 'csm' || u || '@bench.example', true, now(), now() FROM generate_series(0, ${CSMS - 1}) u`,
  );
  // Every 100th account deleted and every 50th merged in Salesforce; some fields missing, as orgs have them.
  await step(
    "Salesforce accounts",
    `INSERT INTO "SfAccount" ("integrationId", "id", "objectName", "name", "website", "ownerId", "fields", "systemModstamp", "state", "contentHash", "pulledAt")
     SELECT 'sf', '001' || lpad(i::text, 15, '0'), 'Account', initcap(w) || ' ' || (ARRAY['Corp','Ltd','Inc','GmbH','Group','Labs'])[1 + i % 6], w || '.example',
            '005' || lpad((i % ${CSMS})::text, 15, '0'),
            jsonb_build_object(
              'ARR__c', CASE WHEN i % 50 = 3 THEN NULL ELSE 5000 + abs(hashint4(i)) % 2000000 END,
              'ARR_Tier__c', (ARRAY['Enterprise','Mid-Market','SMB'])[1 + abs(hashint4(i + 1)) % 3],
              'Renewal_Date__c', CASE WHEN i % 40 = 5 THEN NULL ELSE to_char(current_date + (abs(hashint4(i + 2)) % 730 - 180), 'YYYY-MM-DD') END,
              'CSM__c', CASE WHEN i % 30 = 4 THEN NULL ELSE '005' || lpad((abs(hashint4(i + 3)) % ${CSMS})::text, 15, '0') END,
              'Licensed_Seats__c', 10 + abs(hashint4(i + 4)) % 490,
              'Customer_Status__c', 'Customer', 'Public_Sector__c', i % 10 = 0, 'Churn_Date__c', NULL,
              'Industry', (ARRAY['Software','Retail','Finance','Health'])[1 + i % 4],
              'BillingCountry', (ARRAY['United States','Germany','United Kingdom','France','Japan'])[1 + i % 5]),
            now(), (CASE WHEN i % 100 = 0 THEN 'TO_DELETE' WHEN i % 50 = 1 THEN 'TO_MERGE' ELSE 'ACTIVE' END)::"HubRecordState", md5(i::text), now()
       FROM generate_series(1, $1::int) i, LATERAL (SELECT translate(substr(md5(i::text), 1, 4 + i % 7), '0123456789', 'aeioulmnrs') AS w) x`,
    [accounts],
  );
  // Scoring writes all active accounts day after day, so the table is ordered by day: seeded the
  // same way, one day per statement, indexes built afterwards (the same indexes, built faster).
  await client.query(`ALTER TABLE "HealthScore" DROP CONSTRAINT "HealthScore_pkey"`);
  await client.query(`DROP INDEX "HealthScore_day_score_idx"`);
  const t = performance.now();
  for (let k = HISTORY_DAYS - 1; k >= 0; k--) {
    // Pendo tracks 6 accounts in 10, PX 3, neither the last; 1 in 20 accounts is 10 days old;
    // retired accounts stopped being scored 20 days ago; 1 in 97 has no score (every measure missing).
    await client.query(
      `INSERT INTO "HealthScore" ("accountId", "day", "modelVersion", "score", "colour", "measures", "missing", "usageSource", "computedAt")
       SELECT a."id", current_date - $1::int, 1, s.score,
              CASE WHEN s.score IS NULL THEN NULL WHEN s.score < 40 THEN 'red' WHEN s.score < 70 THEN 'yellow' ELSE 'green' END,
              $2::jsonb || jsonb_build_object('segment', a."fields"->>'ARR_Tier__c', 'usageSource', u.src, 'bands', jsonb_build_object('red', 40, 'green', 70)),
              '{}', u.src, now()
         FROM "SfAccount" a
        CROSS JOIN LATERAL (SELECT right(a."id", 15)::int AS i) n
        CROSS JOIN LATERAL (SELECT CASE WHEN n.i % 10 < 6 THEN 'pendo' WHEN n.i % 10 < 9 THEN 'px' END AS src) u
        CROSS JOIN LATERAL (SELECT CASE WHEN n.i % 97 = 11 THEN NULL
                                        ELSE round(greatest(0, least(100, 15 + abs(hashint4(n.i)) % 80 + abs(hashint4(n.i * 131 + $1::int)) % 21 - 10))::numeric, 1)::float8 END AS score) s
        WHERE (a."state" = 'ACTIVE' OR $1::int >= 20) AND (n.i % 20 <> 7 OR $1::int <= 9)`,
      [k, detail],
    );
    if (k % 10 === 0) log(`  HealthScore: ${HISTORY_DAYS - k} of ${HISTORY_DAYS} days in ${round((performance.now() - t) / 1000)} s`);
  }
  await step("HealthScore primary key", `ALTER TABLE "HealthScore" ADD CONSTRAINT "HealthScore_pkey" PRIMARY KEY ("accountId", "day")`);
  await step("HealthScore (day, score) index", `CREATE INDEX "HealthScore_day_score_idx" ON "HealthScore"("day", "score")`);
  await step(
    "KPI snapshots",
    `INSERT INTO "KpiSnapshot" ("integrationId", "scope", "accountId", "day", "values", "computedAt")
     SELECT u.src, 'salesforce', a."id", current_date - k,
            $1::jsonb || jsonb_build_object('activeUsers30d', abs(hashint4(n.i * 7 + k)) % 400, 'lastVisitAt', to_char(current_date - k - abs(hashint4(n.i)) % 20, 'YYYY-MM-DD')),
            now()
       FROM generate_series(${KPI_DAYS - 1}, 0, -1) k
      CROSS JOIN "SfAccount" a
      CROSS JOIN LATERAL (SELECT right(a."id", 15)::int AS i) n
      CROSS JOIN LATERAL (SELECT CASE WHEN n.i % 10 < 6 THEN 'pendo' WHEN n.i % 10 < 9 THEN 'px' END AS src) u
      WHERE a."state" = 'ACTIVE' AND u.src IS NOT NULL`,
    [kpis],
  );
  await step(
    "analytics accounts",
    `INSERT INTO "AnalyticsAccount" ("integrationId", "externalId", "name", "custom", "contentHash", "pulledAt")
     SELECT CASE WHEN right("id", 15)::int % 10 < 6 THEN 'pendo' ELSE 'px' END, 'acc-' || "id", "name", '{}', 'x', now()
       FROM "SfAccount" WHERE right("id", 15)::int % 10 < 9`,
  );
  await step(
    "account links",
    `INSERT INTO "MatchLink" ("integrationId", "entity", "analyticsId", "salesforceId", "criterion", "matchedAt")
     SELECT "integrationId", 'ACCOUNT', "externalId", substr("externalId", 5), 'salesforceId', now() FROM "AnalyticsAccount"`,
  );
  // 1 account in 100 overridden: a third by score alone (colour from the bands), the rest by colour; 1 in 5 of them expired.
  await step(
    "health overrides",
    `INSERT INTO "HealthOverride" ("id", "accountId", "score", "colour", "reason", "expiresAt", "setByEmail", "createdAt")
     SELECT 'override-' || i, '001' || lpad(i::text, 15, '0'), CASE WHEN i % 3 = 0 THEN 30 END, CASE WHEN i % 3 <> 0 THEN 'red' END, 'bench',
            CASE WHEN i % 5 = 0 THEN now() - interval '1 day' ELSE now() + interval '30 days' END, 'lead@bench.example', now() - interval '2 days'
       FROM generate_series(1, $1::int) i WHERE i % 100 = 9`,
    [accounts],
  );
  await step("VACUUM ANALYZE", `VACUUM ANALYZE`);
  const counts: Record<string, number | string> = Object.fromEntries(
    (
      await client.query<{ t: string; n: number }>(
        `SELECT 'SfAccount' AS t, count(*)::int AS n FROM "SfAccount" UNION ALL SELECT 'HealthScore', count(*)::int FROM "HealthScore"
         UNION ALL SELECT 'KpiSnapshot', count(*)::int FROM "KpiSnapshot" UNION ALL SELECT 'MatchLink', count(*)::int FROM "MatchLink"
         UNION ALL SELECT 'HealthOverride', count(*)::int FROM "HealthOverride"`,
      )
    ).rows.map((r) => [r.t, r.n]),
  );
  const size = await client.query<{ heap: string; total: string }>(`SELECT pg_size_pretty(pg_relation_size('"HealthScore"')) AS heap, pg_size_pretty(pg_total_relation_size('"HealthScore"')) AS total`);
  counts.healthScoreHeap = size.rows[0]!.heap;
  await client.query(`COMMENT ON DATABASE "${database}" IS '${SEED_VERSION}, ${accounts} accounts'`);
  await client.end();
  return counts;
}

export async function withClient<T>(database: string, work: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: serverUrl(database) });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}
