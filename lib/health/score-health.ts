import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { analyticsIntegrations, salesforceIntegration } from "@/lib/hub/integrations";
import { loadScoringInputs, type UsageTool } from "@/lib/health/health-inputs";
import { collectMeasureValues } from "@/lib/health/measure-values";
import { activeHealthModel, type ModelVersion } from "@/lib/health/model-versions";
import { scoreAccount, type HealthScore } from "@/lib/health/score-account";
import { inTransaction, type Sql } from "@/lib/sync/sql";
import { addDays, utcDay, type Day } from "@/lib/usage/days";

// The daily health score of every Salesforce account (issue 13): a step of every sync after the
// KPIs, the daily schedule, and one account on demand. A day is written whole per page of accounts
// and written again the same way, so scoring twice changes nothing.

/** Accounts per page: bounds the statements' arrays and what is held in memory. */
const PAGE = 2_000;

export interface HealthScoringCounts {
  day: Day;
  modelVersion: number;
  scored: number;
  /** Accounts with no measure at all (no usage, no cases): stored with a null score and the reason. */
  unscored: number;
  red: number;
  yellow: number;
  green: number;
}

export interface ScoreHealthOptions {
  /** The day to score; defaults to the newest KPI snapshot day of any tool, else yesterday (UTC). */
  day?: Day;
  /** Score only these Salesforce accounts (on demand); all active accounts otherwise. */
  accountIds?: readonly string[];
  /** A version other than the active one (tests; the backtest scores in memory instead). */
  version?: ModelVersion;
  /** Runs inside each page's transaction after its rows are written (the step saves its progress there). */
  afterPage?: (sql: Sql, counts: HealthScoringCounts) => Promise<void>;
}

/** Pendo first: seed 004's formula is written against Pendo's measures; PX fills in where Pendo has nothing. */
export async function usageTools(): Promise<UsageTool[]> {
  const tools = await analyticsIntegrations();
  const order = { PENDO: 0, PX: 1 } as Record<string, number>;
  return tools
    .filter((t) => t.system === "PENDO" || t.system === "PX")
    .sort((a, b) => order[a.system]! - order[b.system]!)
    .map((t) => ({ id: t.id, system: t.system === "PENDO" ? ("pendo" as const) : ("px" as const) }));
}

async function defaultDay(tools: readonly UsageTool[]): Promise<Day> {
  const newest = await db.kpiSnapshot.aggregate({ where: { integrationId: { in: tools.map((t) => t.id) }, scope: "salesforce" }, _max: { day: true } });
  return newest._max.day ? utcDay(newest._max.day) : addDays(utcDay(Date.now()), -1);
}

/**
 * The pull reads Cases once their describe is cached (an org that has none still has the object);
 * without it the support measure is missing, never a reassuring 0. Shared with the backtest.
 */
export async function casesSynced(salesforceId: string): Promise<boolean> {
  return (await db.salesforceDescribe.count({ where: { integrationId: salesforceId, objectName: "Case" } })) > 0;
}

/** The scoring's detail kept with each score: what the account page and "why it changed" read. */
export function storedDetail(score: HealthScore, usageSource: string | null, kpiDay: Day | null) {
  const { measures, groups, reason, critical, atRisk, segment, bands, redMeasures } = score;
  return { measures, groups, reason, critical, atRisk, segment, bands, redMeasures, usageSource, kpiDay };
}

export async function scoreHealth(options: ScoreHealthOptions = {}): Promise<HealthScoringCounts> {
  const salesforce = await salesforceIntegration();
  if (!salesforce) throw new AppError("CONFLICT", "Health is scored for Salesforce accounts: connect Salesforce on the Integrations page first.");
  const { version, model } = options.version ?? (await activeHealthModel());
  const tools = await usageTools();
  const day = options.day ?? (await defaultDay(tools));
  const ctx = { salesforceId: salesforce.id, tools, model, casesSynced: await casesSynced(salesforce.id) };
  const counts: HealthScoringCounts = { day, modelVersion: version, scored: 0, unscored: 0, red: 0, yellow: 0, green: 0 };

  let after = "";
  for (;;) {
    const page = options.accountIds
      ? options.accountIds.filter((id) => id > after).sort().slice(0, PAGE)
      : (
          await db.sfAccount.findMany({ where: { integrationId: salesforce.id, state: "ACTIVE", id: { gt: after } }, select: { id: true }, orderBy: { id: "asc" }, take: PAGE })
        ).map((a) => a.id);
    if (page.length === 0) break;
    after = page.at(-1)!;
    await inTransaction(async (sql) => {
      const inputs = await loadScoringInputs(sql, ctx, page, day);
      const rows = [...inputs].map(([accountId, input]) => {
        const score = scoreAccount({ model, modelVersion: version, values: collectMeasureValues(model, input), segment: input.segment });
        if (score.score === null) counts.unscored++;
        else counts.scored++;
        if (score.colour) counts[score.colour]++;
        return { accountId, score, detail: storedDetail(score, input.usageSource, input.kpiDay) };
      });
      const computedAt = new Date().toISOString();
      await sql.query(
        `INSERT INTO "HealthScore" ("accountId", "day", "modelVersion", "score", "colour", "measures", "missing", "usageSource", "computedAt")
         SELECT r.account_id, $1::date, $2, r.score, r.colour, r.detail::jsonb, ARRAY(SELECT jsonb_array_elements_text(r.missing::jsonb)), r.source, $3::timestamp
           FROM unnest($4::text[], $5::float8[], $6::text[], $7::text[], $8::text[], $9::text[]) AS r(account_id, score, colour, detail, missing, source)
         ON CONFLICT ("accountId", "day") DO UPDATE SET "modelVersion" = EXCLUDED."modelVersion", "score" = EXCLUDED."score", "colour" = EXCLUDED."colour",
           "measures" = EXCLUDED."measures", "missing" = EXCLUDED."missing", "usageSource" = EXCLUDED."usageSource", "computedAt" = EXCLUDED."computedAt"`,
        [
          day,
          version,
          computedAt,
          rows.map((r) => r.accountId),
          rows.map((r) => r.score.score),
          rows.map((r) => r.score.colour),
          rows.map((r) => JSON.stringify(r.detail)),
          rows.map((r) => JSON.stringify(r.score.missing)),
          rows.map((r) => r.detail.usageSource),
        ],
      );
      await options.afterPage?.(sql, counts);
    });
    if (page.length < PAGE) break;
  }
  return counts;
}
