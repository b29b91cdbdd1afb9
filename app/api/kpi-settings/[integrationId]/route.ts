import { z } from "zod";
import { route } from "@/lib/http/route";
import { kpiSettingsSchema } from "@/lib/kpis/kpi-settings";
import { kpiSettingsView } from "@/lib/kpis/kpi-settings-page";
import { saveKpiSettings } from "@/lib/kpis/save-kpi-settings";

// The KPI settings of one Pendo or PX integration: core features and the Salesforce fields of
// contracted features and licensed seats. The KPIs pick them up at the next KPI step of a sync.
const params = z.object({ integrationId: z.string().min(1).max(40) });

export const PUT = route({ permission: "settings.manage", params, body: kpiSettingsSchema }, async ({ params, body, user, ip }) => {
  const saved = await saveKpiSettings(params.integrationId, body, { actor: user, ip });
  return { ...saved, view: await kpiSettingsView(params.integrationId) };
});
