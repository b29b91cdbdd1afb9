import type { KpiContext } from "@/lib/kpis/assemble-kpis";
import type { KpiAccount } from "@/lib/kpis/compute-kpis";
import { featureNameKey } from "@/lib/kpis/contract-values";
import { kpiSettings } from "@/lib/kpis/kpi-settings";
import { kpiWindows } from "@/lib/kpis/windows";
import { salesforceIntegration } from "@/lib/hub/integrations";
import type { Sql } from "@/lib/sync/sql";
import { readUsageCoverage } from "@/lib/usage/cursor";
import type { Day } from "@/lib/usage/days";

// Which accounts have KPIs, and what every account's KPIs of one tool share: the as-of day's
// windows, the days ingested, the tool's tracked features and its KPI settings (core features,
// and where Salesforce holds each account's contract).

export interface TrackedFeature {
  id: string;
  name: string;
}

export interface ToolKpiContext extends KpiContext {
  features: TrackedFeature[];
}

/** Tracked features are those the tool lists now and has not deleted, by name. */
async function trackedFeatures(sql: Sql, integrationId: string): Promise<TrackedFeature[]> {
  const { rows } = await sql.query<TrackedFeature>(
    `SELECT "externalId" AS id, "name" FROM "UsageFeature" WHERE "integrationId" = $1 AND "active" AND "removedAt" IS NULL ORDER BY "name", "externalId"`,
    [integrationId],
  );
  return rows;
}

export async function loadKpiContext(sql: Sql, integrationId: string, asOf: Day): Promise<ToolKpiContext> {
  const [coverage, features, settings, salesforce] = await Promise.all([readUsageCoverage(integrationId), trackedFeatures(sql, integrationId), kpiSettings(integrationId), salesforceIntegration()]);
  const featureIds = features.map((f) => f.id);
  const featureIdsByName = new Map<string, string[]>();
  for (const f of features) featureIdsByName.set(featureNameKey(f.name), [...(featureIdsByName.get(featureNameKey(f.name)) ?? []), f.id]);
  // Core features the tool no longer tracks are left out, as featureBreadth30d leaves them out.
  const core = new Set(settings.coreFeatureIds);
  const { contractedFeaturesField, licensedSeatsField } = settings;
  const contract = salesforce && (contractedFeaturesField || licensedSeatsField) ? { salesforceId: salesforce.id, contractedFeaturesField, licensedSeatsField } : null;
  return { asOf, windows: kpiWindows(asOf), coverage, features, featureIds, coreFeatureIds: featureIds.filter((id) => core.has(id)), featureIdsByName, contract };
}

/**
 * Every account of the tool with KPIs as of `asOf`: each account the tool lists (not removed)
 * or that has usage in the ingested days up to `asOf`, and each Salesforce account linked to at
 * least one of the tool's accounts, with those accounts as its members.
 */
export async function listKpiAccounts(sql: Sql, integrationId: string, firstDay: Day, asOf: Day): Promise<KpiAccount[]> {
  const analytics = await sql.query<{ id: string }>(
    `SELECT "externalId" AS id FROM "AnalyticsAccount" WHERE "integrationId" = $1 AND "removedAt" IS NULL
     UNION
     SELECT DISTINCT "accountExternalId" FROM "UsageAccountDay" WHERE "integrationId" = $1 AND "day" BETWEEN $2::date AND $3::date
     ORDER BY 1`,
    [integrationId, firstDay, asOf],
  );
  const linked = await sql.query<{ id: string; members: string[] }>(
    `SELECT "salesforceId" AS id, array_agg("analyticsId" ORDER BY "analyticsId") AS members
       FROM "MatchLink" WHERE "integrationId" = $1 AND "entity" = 'ACCOUNT' GROUP BY "salesforceId" ORDER BY 1`,
    [integrationId],
  );
  return [
    ...analytics.rows.map((r): KpiAccount => ({ scope: "analytics", accountId: r.id, members: [r.id] })),
    ...linked.rows.map((r): KpiAccount => ({ scope: "salesforce", accountId: r.id, members: r.members })),
  ];
}

/**
 * The accounts an operator's id names: the tool's account with that id, and the Salesforce
 * account with that id (18 characters, or its 15-character form) when tool accounts are linked
 * to it. A Pendo account is often keyed by its Salesforce id, so both can match.
 */
export async function findKpiAccounts(sql: Sql, integrationId: string, id: string): Promise<KpiAccount[]> {
  const analytics = await sql.query(
    `SELECT 1 FROM "AnalyticsAccount" WHERE "integrationId" = $1 AND "externalId" = $2
     UNION ALL
     (SELECT 1 FROM "UsageAccountDay" WHERE "integrationId" = $1 AND "accountExternalId" = $2 LIMIT 1)`,
    [integrationId, id],
  );
  const linked = await sql.query<{ id: string; members: string[] }>(
    `SELECT "salesforceId" AS id, array_agg("analyticsId" ORDER BY "analyticsId") AS members
       FROM "MatchLink" WHERE "integrationId" = $1 AND "entity" = 'ACCOUNT' AND ("salesforceId" = $2 OR (length($2) = 15 AND left("salesforceId", 15) = $2))
      GROUP BY "salesforceId"`,
    [integrationId, id],
  );
  return [
    ...(analytics.rows.length > 0 ? [{ scope: "analytics" as const, accountId: id, members: [id] }] : []),
    ...linked.rows.map((r): KpiAccount => ({ scope: "salesforce", accountId: r.id, members: r.members })),
  ];
}
