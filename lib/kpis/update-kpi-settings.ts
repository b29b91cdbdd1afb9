import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { salesforceIntegration } from "@/lib/hub/integrations";
import { refreshSalesforceDescribe } from "@/lib/integrations/describe-cache";
import { salesforcePullSettings } from "@/lib/integrations/pull-settings";
import { kpiSettings, type KpiSettings } from "@/lib/kpis/kpi-settings";
import { saveKpiSettings, type SavedKpiSettings } from "@/lib/kpis/save-kpi-settings";
import type { Context } from "@/lib/users/manage-users";

// `cli kpi-settings` (and `npm run demo` through it): one tool's KPI settings changed key by key
// from the command line, through the same save as the console. Unlike the page, the command line
// may call Salesforce: a describe not cached yet (a demo connected a second ago) is read first.

const LABEL = { PENDO: "Pendo", PX: "Gainsight PX" } as const;

export async function updateKpiSettings(system: "PENDO" | "PX", changes: Partial<KpiSettings>, ctx: Context): Promise<SavedKpiSettings & { integrationId: string }> {
  const tool = await db.integration.findFirst({ where: { system, secrets: { not: null } } });
  if (!tool) throw new AppError("NOT_FOUND", `${LABEL[system]} is not connected. Connect it first (npm run -s cli -- connect-demo, or in the console).`);
  const next = { ...(await kpiSettings(tool.id)), ...changes };
  const salesforce = await salesforceIntegration();
  if (salesforce && (next.contractedFeaturesField || next.licensedSeatsField)) {
    const { accountObject } = await salesforcePullSettings(salesforce.id);
    const cached = await db.salesforceDescribe.findUnique({ where: { integrationId_objectName: { integrationId: salesforce.id, objectName: accountObject } }, select: { objectName: true } });
    if (!cached) await refreshSalesforceDescribe(salesforce.id, [accountObject]);
  }
  return { ...(await saveKpiSettings(tool.id, next, ctx)), integrationId: tool.id };
}
