import { accountIdVisibleSql, dataScope, type Reader } from "@/lib/auth/data-scope";
import { db } from "@/lib/db";
import { Prisma } from "@/lib/generated/prisma/client";
import { ACCOUNT_KPIS } from "@/lib/kpis/catalogue";
import { listHealthModelVersions, type ModelVersion } from "@/lib/health/model-versions";
import { utcDay, type Day } from "@/lib/usage/days";

// What the Health model page shows: every version (newest first, the active one marked), how the
// accounts stand under the newest scoring, and the numeric KPIs a measure may read.

export interface ScoredDaySummary {
  day: Day;
  modelVersion: number;
  red: number;
  yellow: number;
  green: number;
  unscored: number;
}

export interface HealthModelPage {
  versions: ModelVersion[];
  active: ModelVersion;
  /** The newest scored day, or null before the first scoring. */
  latest: ScoredDaySummary | null;
  /** Numeric KPIs a measure may read: key and name, in catalogue order. */
  kpis: { key: string; name: string }[];
}

/** The colour counts of the newest scored day, of the accounts the reader may see (sharing groups). */
async function latestDay(reader: Reader): Promise<ScoredDaySummary | null> {
  const newest = await db.healthScore.findFirst({ orderBy: { day: "desc" }, select: { day: true } });
  if (!newest) return null;
  const visible = accountIdVisibleSql(await dataScope(reader), Prisma.sql`h."accountId"`);
  const rows = await db.$queryRaw<{ colour: string | null; modelVersion: number; _count: number }[]>`
    SELECT h."colour", h."modelVersion", count(*)::int AS "_count" FROM "HealthScore" h WHERE h."day" = ${newest.day} AND ${visible} GROUP BY 1, 2`;
  const count = (colour: string | null) => rows.filter((r) => r.colour === colour).reduce((n, r) => n + r._count, 0);
  const version = rows.reduce((best, r) => (r._count > (best?._count ?? 0) ? r : best), rows[0]);
  return { day: utcDay(newest.day), modelVersion: version?.modelVersion ?? 0, red: count("red"), yellow: count("yellow"), green: count("green"), unscored: count(null) };
}

export async function healthModelPage(reader: Reader): Promise<HealthModelPage> {
  const [versions, latest] = await Promise.all([listHealthModelVersions(), latestDay(reader)]);
  const active = versions.find((v) => v.active)!;
  const kpis = ACCOUNT_KPIS.filter((k) => k.type === "NUMBER").map((k) => ({ key: k.key, name: k.name }));
  return { versions, active, latest, kpis };
}
