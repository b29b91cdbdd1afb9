import { db } from "@/lib/db";
import type { FieldDescribe } from "@/lib/connectors/salesforce/connection";
import { analyticsIntegrations, salesforceIntegration, SYSTEM_LABEL } from "@/lib/hub/integrations";
import { salesforcePullSettings } from "@/lib/integrations/pull-settings";
import { KPI_FIELD_TYPES, kpiFieldProblem, parseKpiSettings, type KpiField, type KpiSettings } from "@/lib/kpis/kpi-settings";
import { requireAnalyticsIntegration } from "@/lib/matching/matching-page";
import { inTransaction } from "@/lib/sync/sql";
import { readUsageCoverage } from "@/lib/usage/cursor";
import { addDays, type Day } from "@/lib/usage/days";

// What the KPI settings page shows for one Pendo or PX integration, read from the caches only
// (the Salesforce describe, the tool's feature list and usage rollups): never a vendor call.

export interface KpiFieldOption {
  name: string;
  label: string;
  type: string;
}

export interface KpiSettingsFeature {
  id: string;
  name: string;
  /** Accounts that clicked it in the last 30 ingested days; null when not counted. */
  accounts30d: number | null;
}

export interface KpiSettingsView {
  integrationId: string;
  system: "PENDO" | "PX";
  title: string;
  settings: KpiSettings;
  /** The tool's tracked features (listed now, not deleted), by name. */
  features: KpiSettingsFeature[];
  /** The days `accounts30d` counts: the last 30 ingested, or fewer when fewer are. */
  usageDays: { from: Day; to: Day } | null;
  /** Why the features carry no usage count, when they do not. */
  usageNote: string | null;
  /** Saved core features the tool no longer tracks: the KPI leaves them out. */
  untrackedCore: number;
  /** The Salesforce account object the fields belong to (the pull settings' account source). */
  salesforceObject: string | null;
  /** Fields of a type that can hold each setting. */
  fieldOptions: Record<KpiField, KpiFieldOption[]>;
  /** What is wrong with a saved field against today's describe (deleted, type changed). */
  fieldProblems: Partial<Record<KpiField, string>>;
  /** Why the field lists are empty, and what to do. */
  salesforceMissing: string | null;
}

export interface KpiSettingsPage {
  tools: { id: string; system: "SALESFORCE" | "PENDO" | "PX" }[];
  view: KpiSettingsView | null;
}

/** Usage counts stop here: the page must open at once even on a large installation. */
const COUNT_TIMEOUT_MS = 2000;

async function accountsPerFeature(integrationId: string, days: { from: Day; to: Day }): Promise<Map<string, number> | null> {
  try {
    return await inTransaction(async (sql) => {
      await sql.query(`SET LOCAL statement_timeout = ${COUNT_TIMEOUT_MS}`);
      const { rows } = await sql.query<{ id: string; accounts: number }>(
        `SELECT "featureExternalId" AS id, count(DISTINCT "accountExternalId")::int AS accounts
           FROM "UsageAccountFeatureDay" WHERE "integrationId" = $1 AND "day" BETWEEN $2::date AND $3::date GROUP BY 1`,
        [integrationId, days.from, days.to],
      );
      return new Map(rows.map((r) => [r.id, r.accounts]));
    });
  } catch (error) {
    // 57014: canceled by the statement timeout.
    if ((error as { code?: string }).code === "57014") return null;
    throw error;
  }
}

async function salesforceFields(settings: KpiSettings) {
  const none = { salesforceObject: null, fieldOptions: { licensedSeatsField: [], contractedFeaturesField: [] }, fieldProblems: {} };
  const salesforce = await salesforceIntegration();
  if (!salesforce) return { ...none, salesforceMissing: "Connect Salesforce on the Integrations page to choose the fields holding seats and contracted features." };
  const { accountObject } = await salesforcePullSettings(salesforce.id);
  const describe = await db.salesforceDescribe.findUnique({ where: { integrationId_objectName: { integrationId: salesforce.id, objectName: accountObject } } });
  if (!describe || !Array.isArray(describe.fields)) {
    return { ...none, salesforceObject: accountObject, salesforceMissing: `Salesforce ${accountObject} fields are not cached yet: use Refresh metadata on the Salesforce card on the Integrations page, then reload this page.` };
  }
  const fields = describe.fields as unknown as FieldDescribe[];
  const byName = new Map(fields.map((f) => [f.name, f]));
  const options = (role: KpiField) =>
    fields
      .filter((f) => KPI_FIELD_TYPES[role].includes(f.type))
      .map((f): KpiFieldOption => ({ name: f.name, label: f.label || f.name, type: f.type }))
      .sort((a, b) => a.label.localeCompare(b.label) || a.name.localeCompare(b.name));
  const fieldProblems: Partial<Record<KpiField, string>> = {};
  for (const role of ["licensedSeatsField", "contractedFeaturesField"] as const) {
    const name = settings[role];
    const problem = name ? kpiFieldProblem(role, name, byName.get(name), accountObject) : null;
    if (problem) fieldProblems[role] = `${problem} Until then the KPI is null for every account.`;
  }
  return {
    salesforceObject: accountObject,
    fieldOptions: { licensedSeatsField: options("licensedSeatsField"), contractedFeaturesField: options("contractedFeaturesField") },
    fieldProblems,
    salesforceMissing: null,
  };
}

export async function kpiSettingsView(integrationId: string): Promise<KpiSettingsView> {
  const tool = await requireAnalyticsIntegration(integrationId);
  const title = SYSTEM_LABEL[tool.system];
  const settings = parseKpiSettings(tool.pullSettings);
  const [features, coverage, salesforce] = await Promise.all([
    db.usageFeature.findMany({ where: { integrationId, active: true, removedAt: null }, select: { externalId: true, name: true }, orderBy: [{ name: "asc" }, { externalId: "asc" }] }),
    readUsageCoverage(integrationId),
    salesforceFields(settings),
  ]);
  const usageDays = coverage ? { from: [coverage.firstDay, addDays(coverage.lastDay, -29)].sort().at(-1)!, to: coverage.lastDay } : null;
  const counts = usageDays ? await accountsPerFeature(integrationId, usageDays) : null;
  const tracked = new Set(features.map((f) => f.externalId));
  return {
    integrationId,
    system: tool.system,
    title,
    settings,
    features: features.map((f) => ({ id: f.externalId, name: f.name, accounts30d: counts ? (counts.get(f.externalId) ?? 0) : null })),
    usageDays,
    usageNote: !usageDays
      ? `No ${title} usage is ingested yet, so no feature shows how many accounts use it: Synchronize on its card first.`
      : counts
        ? null
        : "The usage counts took too long to compute on this installation and are left out; the KPIs are not affected.",
    untrackedCore: settings.coreFeatureIds.filter((id) => !tracked.has(id)).length,
    ...salesforce,
  };
}

/** The connected tools for the switcher, and the view of the one asked for (or the first). */
export async function kpiSettingsPage(integrationId: string | undefined): Promise<KpiSettingsPage> {
  const integrations = await analyticsIntegrations();
  const tools = integrations.map((i) => ({ id: i.id, system: i.system }));
  const selected = integrations.find((i) => i.id === integrationId) ?? integrations[0];
  return { tools, view: selected ? await kpiSettingsView(selected.id) : null };
}
