import { db } from "@/lib/db";
import { Prisma } from "@/lib/generated/prisma/client";
import { direction, type AccountExportFilter } from "@/lib/accounts/list-filter";
import type { AccountKey } from "@/lib/accounts/list-rows";
import { ACCOUNTS_FROM, ARR_SQL, RENEWAL_SQL } from "@/lib/accounts/list-where";

// Which accounts, in which order, and how many: a page of the Accounts list and the order of its
// export. Health is read only when the sort or the colour filter needs it; a sort by name, ARR or
// renewal date reads SfAccount alone (the page and its count, side by side).
//
// Health is lib/health/latest-health.ts's currentHealth(), in SQL for every account the filter
// chooses: the newest HealthScore of the account, with the override in force applied. Scoring
// writes every active account each day, so the newest day of the table is the newest day of
// almost every account: those rows are one slice of the table by day ("today"), and only the
// accounts missing from it (retired before that day, pulled since) are looked up one by one. Per
// account lookups for all 100,000 read the whole primary key at random; the slice reads 1/90th.
// Read from the table, the slice is 100,000 rows of ~1.4 kB (measures JSON) scattered over a
// day's pages; read from an index on (day, accountId, score, colour) it is a few MB read in
// order. That index does not exist yet: bench/accounts.ts measures with and without it.
//
// Active accounts come first, then those deleted or merged in Salesforce, as the list always did.
// The list used to read each state on its own index walk (lib/sync/history/page-plan.ts); a health
// sort reads every chosen account anyway, so the state is now the first key of one sort. Ties are
// broken by id so pages never overlap.

export interface OrderWindow {
  limit: number;
  offset: number;
}

const HEALTH_SORTS = new Set(["score", "trend7", "trend30"]);

/** True when the statement must read scores: a health sort or a colour filter. */
export const readsHealth = (f: Pick<AccountExportFilter, "sort" | "colour">): boolean => HEALTH_SORTS.has(f.sort) || f.colour !== undefined;

function fieldKey(f: AccountExportFilter): Prisma.Sql {
  if (f.sort === "name") return Prisma.sql`lower(a."name")`;
  if (f.sort === "arr") return ARR_SQL;
  if (f.sort === "renewal") return RENEWAL_SQL;
  return Prisma.sql`NULL::text`;
}

function orderBy(f: AccountExportFilter, state: Prisma.Sql, key: Prisma.Sql, integrationId: Prisma.Sql, id: Prisma.Sql): Prisma.Sql {
  const dir = Prisma.raw(direction(f) === "asc" ? "ASC" : "DESC");
  return Prisma.sql`ORDER BY (${state} <> 'ACTIVE'), ${key} ${dir} NULLS LAST, ${integrationId}, ${id}`;
}

const windowSql = (w: OrderWindow | null) => (w ? Prisma.sql`LIMIT ${w.limit} OFFSET ${w.offset}` : Prisma.empty);

/** The accounts `where` chooses, and of them those deleted or merged in Salesforce. */
const countSql = (where: Prisma.Sql) => Prisma.sql`
  SELECT count(*)::int AS "total", (count(*) FILTER (WHERE a."state" <> 'ACTIVE'))::int AS "retired" FROM ${ACCOUNTS_FROM} WHERE ${where}`;

/**
 * The statement that orders the accounts; with health, its rows also carry total (accounts the
 * filter chooses) and retired (of them, deleted or merged in Salesforce). `where` is
 * accountsWhere()'s; `window` null gives every account (the export).
 */
export function accountOrderSql(f: AccountExportFilter, where: Prisma.Sql, now: Date, window: OrderWindow | null): Prisma.Sql {
  if (!readsHealth(f)) {
    // Counted by countSql() alongside: a count(*) OVER () here made PostgreSQL sort every row
    // instead of keeping the page's top rows (measured: 4× slower at 100,000 accounts).
    return Prisma.sql`
      SELECT a."integrationId", a."id"
        FROM ${ACCOUNTS_FROM}
       WHERE ${where}
       ${orderBy(f, Prisma.sql`a."state"`, fieldKey(f), Prisma.sql`a."integrationId"`, Prisma.sql`a."id"`)}
       ${windowSql(window)}`;
  }

  // The trend a trend sort needs: the computed score against the account's score that many days
  // before its newest day (an override is a person's call, not a movement of the account).
  const back = f.sort === "trend7" ? 7 : f.sort === "trend30" ? 30 : null;
  const pastToday = back === null ? Prisma.sql`NULL::float8` : Prisma.sql`p."score"`;
  const pastJoin =
    back === null ? Prisma.empty : Prisma.sql`LEFT JOIN "HealthScore" p ON p."accountId" = h."accountId" AND p."day" = (SELECT "d" FROM latest) - ${back}::int`;
  const pastOlder =
    back === null ? Prisma.sql`NULL::float8` : Prisma.sql`(SELECT p."score" FROM "HealthScore" p WHERE p."accountId" = b."id" AND p."day" = z."day" - ${back}::int)`;
  const key = f.sort === "score" ? Prisma.sql`s."score"` : back !== null ? Prisma.sql`s."trend"` : Prisma.sql`s."key"`;
  const colour = f.colour === undefined ? Prisma.sql`TRUE` : f.colour === "none" ? Prisma.sql`s."score" IS NULL` : Prisma.sql`s."colour" = ${f.colour}`;

  return Prisma.sql`
    WITH latest AS (SELECT max("day") AS "d" FROM "HealthScore"),
    today AS (
      SELECT h."accountId", h."day", h."score", h."colour", ${pastToday} AS "past"
        FROM "HealthScore" h ${pastJoin}
       WHERE h."day" = (SELECT "d" FROM latest)
    ),
    base AS MATERIALIZED (
      SELECT a."integrationId", a."id", a."state", ${fieldKey(f)} AS "key", t."accountId" IS NOT NULL AS "scoredToday",
             t."day", t."score", t."colour", t."past"
        FROM ${ACCOUNTS_FROM} LEFT JOIN today t ON t."accountId" = a."id"
       WHERE ${where}
    ),
    newest AS (
      SELECT * FROM base WHERE "scoredToday"
      UNION ALL
      -- Two index lookups per account, the newest day by the primary key, then that day's row.
      SELECT b."integrationId", b."id", b."state", b."key", b."scoredToday", f."day", f."score", f."colour", f."past"
        FROM base b
        LEFT JOIN LATERAL (
          SELECT z."day", z."score", z."colour", ${pastOlder} AS "past"
            FROM (SELECT y."day" FROM "HealthScore" y WHERE y."accountId" = b."id" ORDER BY y."day" DESC LIMIT 1) n
            JOIN "HealthScore" z ON z."accountId" = b."id" AND z."day" = n."day"
        ) f ON TRUE
       WHERE NOT b."scoredToday"
    ),
    override AS (
      SELECT DISTINCT ON ("accountId") "accountId", "score", "colour" FROM "HealthOverride"
       WHERE "clearedAt" IS NULL AND "expiresAt" > ${now}
       ORDER BY "accountId", "createdAt" DESC
    ),
    s AS (
      -- lib/health/override.ts applyOverride(): a score without a colour takes the colour of the
      -- account's bands, a colour without a score keeps the computed score.
      SELECT n."integrationId", n."id", n."state", n."key",
             CASE WHEN n."day" IS NULL THEN NULL ELSE COALESCE(o."score", n."score") END AS "score",
             CASE WHEN n."day" IS NULL THEN NULL
                  WHEN o."colour" IS NOT NULL THEN o."colour"
                  WHEN o."score" IS NOT NULL THEN (
                    SELECT CASE WHEN o."score" < (x."measures"->'bands'->>'red')::float8 THEN 'red'
                                WHEN o."score" < (x."measures"->'bands'->>'green')::float8 THEN 'yellow' ELSE 'green' END
                      FROM "HealthScore" x WHERE x."accountId" = n."id" AND x."day" = n."day")
                  ELSE n."colour" END AS "colour",
             n."score" - n."past" AS "trend"
        FROM newest n LEFT JOIN override o ON o."accountId" = n."id"
    )
    SELECT s."integrationId", s."id", count(*) OVER ()::int AS "total", (count(*) FILTER (WHERE s."state" <> 'ACTIVE') OVER ())::int AS "retired"
      FROM s
     WHERE ${colour}
     ${orderBy(f, Prisma.sql`s."state"`, key, Prisma.sql`s."integrationId"`, Prisma.sql`s."id"`)}
     ${windowSql(window)}`;
}

export interface OrderedAccounts {
  keys: AccountKey[];
  total: number;
  retired: number;
}

/** Runs accountOrderSql(): the page's accounts (every account without a window) and the counts. */
export async function orderedAccounts(f: AccountExportFilter, where: Prisma.Sql, now: Date, window: OrderWindow | null): Promise<OrderedAccounts> {
  const sql = accountOrderSql(f, where, now, window);
  if (!readsHealth(f)) {
    const [keys, counts] = await Promise.all([db.$queryRaw<AccountKey[]>(sql), window ? db.$queryRaw<[{ total: number; retired: number }]>(countSql(where)) : null]);
    return { keys, total: counts?.[0].total ?? keys.length, retired: counts?.[0].retired ?? 0 };
  }
  // The planner prices the per-account lookups for half the accounts, not the few it makes, and
  // then spends longer compiling the statement (JIT) than running it: 0.6 of 1.4 s at 100,000.
  // Prisma ends a transaction after 5 s by default: a slow statement (the export, or 100,000
  // accounts without the index the slice wants) must fail on its own terms, not on that.
  const [, rows] = await db.$transaction([db.$executeRaw`SET LOCAL jit = off`, db.$queryRaw<(AccountKey & { total: number; retired: number })[]>(sql)], { timeout: 120_000 });
  if (rows.length === 0 && window && window.offset > 0) {
    // Past the last page no row carries the counts: count from the first.
    const first = await orderedAccounts(f, where, now, { limit: 1, offset: 0 });
    return { keys: [], total: first.total, retired: first.retired };
  }
  return { keys: rows.map((r) => ({ integrationId: r.integrationId, id: r.id })), total: rows[0]?.total ?? 0, retired: rows[0]?.retired ?? 0 };
}
