import { requirePermission } from "@/app/_auth/require";
import { PageHeader } from "@/components/ui/card";
import { ExportConfigCard } from "@/components/config/export-config-card";
import { ImportConfigCard } from "@/components/config/import-config-card";
import { exportConfig } from "@/lib/config/export-config";

export const metadata = { title: "Configuration" };

export default async function ConfigurationPage() {
  await requirePermission("settings.manage");
  const current = await exportConfig();
  return (
    <>
      <PageHeader
        title="Configuration"
        description="Matching rules, field mappings with their write modes, Salesforce pull settings and CSM field, KPI settings, alert rules and each integration's schedules, as one file: back them up, or bring them to another installation."
      />
      <div className="grid gap-4 lg:grid-cols-2">
        <ExportConfigCard current={current} />
        <ImportConfigCard />
      </div>
    </>
  );
}
