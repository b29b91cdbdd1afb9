import { requirePermission } from "@/app/_auth/require";
import { AlertSettingsForm } from "@/components/alerts/alert-settings-form";
import { PageHeader } from "@/components/ui/card";
import { alertSettingsView } from "@/lib/alerts/settings";

export const metadata = { title: "Alert settings" };

export default async function AlertSettingsPage() {
  await requirePermission("settings.manage");
  const view = await alertSettingsView();
  return (
    <>
      <PageHeader
        title="Alert settings"
        description="When an alert is raised (WARNING and CRITICAL thresholds per rule) and where its notifications go besides the console's bell: an outgoing webhook and email."
      />
      <AlertSettingsForm initial={view} />
    </>
  );
}
