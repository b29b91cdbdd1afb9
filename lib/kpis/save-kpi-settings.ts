import { db, type Prisma } from "@/lib/db";
import { recordAudit } from "@/lib/audit/record-audit";
import type { FieldDescribe } from "@/lib/connectors/salesforce/connection";
import { AppError, zodFields } from "@/lib/errors";
import { salesforceIntegration, SYSTEM_LABEL } from "@/lib/hub/integrations";
import { salesforcePullSettings } from "@/lib/integrations/pull-settings";
import { kpiFieldProblem, kpiSettingsSchema, parseKpiSettings, withKpiSettings, type KpiField, type KpiSettings } from "@/lib/kpis/kpi-settings";
import { requireAnalyticsIntegration } from "@/lib/matching/matching-page";
import type { Context } from "@/lib/users/manage-users";

export interface SavedKpiSettings {
  settings: KpiSettings;
  changed: boolean;
  /** What happens next, in words: when the KPIs use the settings, and whether Salesforce is read again. */
  message: string;
}

const FIELDS: KpiField[] = ["licensedSeatsField", "contractedFeaturesField"];

/** The Salesforce account object and its cached fields, or why the chosen fields cannot be checked. */
async function accountFields(object?: string): Promise<{ salesforceId: string; object: string; fields: FieldDescribe[] }> {
  const salesforce = await salesforceIntegration();
  if (!salesforce) throw new AppError("INVALID_INPUT", "Connect Salesforce on the Integrations page first: the seats and contracted features are read from its accounts.");
  const accountObject = object ?? (await salesforcePullSettings(salesforce.id)).accountObject;
  const describe = await db.salesforceDescribe.findUnique({ where: { integrationId_objectName: { integrationId: salesforce.id, objectName: accountObject } } });
  if (!describe || !Array.isArray(describe.fields)) {
    throw new AppError("CONFLICT", `The fields of Salesforce ${accountObject} are not cached yet. Use Refresh metadata on the Salesforce card on the Integrations page, then choose the fields again.`);
  }
  return { salesforceId: salesforce.id, object: accountObject, fields: describe.fields as unknown as FieldDescribe[] };
}

/** The settings as they will be saved, with the Salesforce account object their fields were checked on. */
export interface CheckedKpiSettings {
  integrationId: string;
  settings: KpiSettings;
  /** Set when a field is chosen: the Salesforce integration and the account object it is read from. */
  salesforce: { salesforceId: string; object: string } | null;
}

/**
 * The save's checks, in the words the page shows (thrown as AppError): the schema, core features
 * the tool tracks now, fields of the cached account object with a type that can hold them. A
 * configuration import passes the account object its file sets, which the pull reads once applied.
 */
export async function checkKpiSettings(integrationId: string, input: unknown, accountObject?: string): Promise<CheckedKpiSettings> {
  const parsed = kpiSettingsSchema.safeParse(input);
  if (!parsed.success) throw new AppError("INVALID_INPUT", parsed.error.issues[0]!.message, zodFields(parsed.error));
  const tool = await requireAnalyticsIntegration(integrationId);
  const title = SYSTEM_LABEL[tool.system];
  const after: KpiSettings = { ...parsed.data, coreFeatureIds: [...new Set(parsed.data.coreFeatureIds)].sort() };

  const tracked = await db.usageFeature.findMany({ where: { integrationId, active: true, removedAt: null, externalId: { in: after.coreFeatureIds } }, select: { externalId: true } });
  const unknown = after.coreFeatureIds.length - tracked.length;
  if (unknown > 0) {
    throw new AppError(
      "INVALID_INPUT",
      `${unknown === 1 ? "One of the core features is" : `${unknown} of the core features are`} not tracked by ${title} now (deleted since, or never listed). Reload the page and mark them again.`,
      { coreFeatureIds: "Not a tracked feature." },
    );
  }

  const chosen = FIELDS.filter((f) => after[f] !== null);
  const salesforce = chosen.length > 0 ? await accountFields(accountObject) : null;
  if (salesforce) {
    const byName = new Map(salesforce.fields.map((f) => [f.name, f]));
    for (const role of chosen) {
      const problem = kpiFieldProblem(role, after[role]!, byName.get(after[role]!), salesforce.object);
      if (problem) throw new AppError("INVALID_INPUT", problem, { [role]: problem });
    }
  }
  return { integrationId, settings: after, salesforce: salesforce ? { salesforceId: salesforce.salesforceId, object: salesforce.object } : null };
}

/**
 * Checked settings written in the caller's transaction: saveKpiSettings' own, or a configuration
 * import's, which writes every section of its file or none. Merged into the stored pull settings
 * under a row lock (a concurrent save of another key is kept); only a change is written and audited.
 *
 * A field the Salesforce pull has not read before is in no stored account yet, and an incremental
 * pull reads only accounts changed since: the account object's pull cursor is dropped in the same
 * transaction, so the next pull reads every account again (idempotent: unchanged rows stay as they are).
 */
export async function writeKpiSettings(tx: Prisma.TransactionClient, checked: CheckedKpiSettings, ctx: Context): Promise<SavedKpiSettings> {
  const { integrationId, settings: after, salesforce } = checked;
  await tx.$queryRaw`SELECT 1 FROM "Integration" WHERE "id" = ${integrationId} FOR UPDATE`;
  const row = await tx.integration.findUnique({ where: { id: integrationId }, select: { pullSettings: true, system: true } });
  if (!row) throw new AppError("NOT_FOUND", "That integration no longer exists. Reload the page.");
  const before = parseKpiSettings(row.pullSettings);
  if (JSON.stringify(before) === JSON.stringify(after)) {
    return { settings: after, changed: false, message: "Nothing changed: these settings are already in use." };
  }
  await tx.integration.update({ where: { id: integrationId }, data: { pullSettings: withKpiSettings(row.pullSettings, after) as object } });
  await recordAudit(tx, { actor: ctx.actor, action: "kpi-settings.save", targetType: "Integration", targetId: integrationId, before: { ...before }, after: { ...after }, ip: ctx.ip });

  const unread: string[] = [];
  if (salesforce) {
    for (const role of FIELDS.filter((f) => after[f] !== null)) {
      const field = after[role]!;
      if (before[role] === field) continue;
      const [seen] = await tx.$queryRaw<{ stored: boolean; read: boolean }[]>`
        SELECT EXISTS (SELECT 1 FROM "SfAccount" WHERE "integrationId" = ${salesforce.salesforceId}) AS stored,
               EXISTS (SELECT 1 FROM "SfAccount" WHERE "integrationId" = ${salesforce.salesforceId} AND ("fields" -> ${field}::text) IS NOT NULL) AS read`;
      if (seen?.stored && !seen.read) unread.push(field);
    }
    if (unread.length > 0) await tx.pullCursor.deleteMany({ where: { integrationId: salesforce.salesforceId, objectName: salesforce.object } });
  }
  const reread = unread.length > 0 ? ` The next Salesforce pull reads every ${salesforce!.object} again, to fetch ${unread.join(" and ")} for accounts unchanged since the last pull.` : "";
  return {
    settings: after,
    changed: true,
    message: `Saved. ${SYSTEM_LABEL[row.system]}'s KPIs use these settings from its next KPI step: Synchronize on its card on the Integrations page.${reread}`,
  };
}

/**
 * Saves which features are core and which Salesforce account fields hold the contracted features
 * and the licensed seats of one Pendo or PX integration: checkKpiSettings, then writeKpiSettings
 * in a transaction of its own.
 */
export async function saveKpiSettings(integrationId: string, input: unknown, ctx: Context): Promise<SavedKpiSettings> {
  const checked = await checkKpiSettings(integrationId, input);
  return db.$transaction((tx) => writeKpiSettings(tx, checked, ctx));
}
