import { requirePermission } from "@/app/_auth/require";
import { PageHeader } from "@/components/ui/card";
import { MatchingSettings } from "@/components/matching/matching-settings";
import { ToolSwitcher } from "@/components/integrations/tool-switcher";
import { analyticsIntegrations } from "@/lib/hub/integrations";
import { matchingView } from "@/lib/matching/matching-page";

export const metadata = { title: "Matching logic" };

export default async function MatchingPage({ searchParams }: { searchParams: Promise<{ integration?: string }> }) {
  await requirePermission("matching.manage");
  const integrations = await analyticsIntegrations();
  const { integration } = await searchParams;
  const selected = integrations.find((i) => i.id === integration) ?? integrations[0];
  return (
    <>
      <PageHeader title="Matching logic" description="How Pendo and Gainsight PX accounts and users are linked to Salesforce accounts and contacts." />
      <ToolSwitcher tools={integrations} selectedId={selected?.id ?? null} basePath="/settings/matching" what="Matching rules">
        {selected && <MatchingSettings key={selected.id} initial={await matchingView(selected.id)} />}
      </ToolSwitcher>
    </>
  );
}
