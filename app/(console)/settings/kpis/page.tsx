import { z } from "zod";
import { requirePermission } from "@/app/_auth/require";
import { PageHeader } from "@/components/ui/card";
import { ToolSwitcher } from "@/components/integrations/tool-switcher";
import { KpiSettingsForm } from "@/components/kpis/kpi-settings-form";
import { kpiSettingsPage } from "@/lib/kpis/kpi-settings-page";

export const metadata = { title: "KPI settings" };

/** An integration id, or the first tool when the address has none or a malformed one. */
const query = z.object({ integration: z.string().min(1).max(40).optional().catch(undefined) });

export default async function KpiSettingsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requirePermission("settings.manage");
  const { integration } = query.parse(await searchParams);
  const { tools, view } = await kpiSettingsPage(integration);
  return (
    <>
      <PageHeader
        title="KPI settings"
        description="Per Pendo and Gainsight PX connection: the features that count as core, and the Salesforce account fields holding each account's contracted features and licensed seats. Core feature adoption and seat utilisation are computed from them."
      />
      <ToolSwitcher tools={tools} selectedId={view?.integrationId ?? null} basePath="/settings/kpis" what="KPI settings">
        {view && <KpiSettingsForm key={view.integrationId} initial={view} />}
      </ToolSwitcher>
    </>
  );
}
