import { requirePermission } from "@/app/_auth/require";
import { PageHeader } from "@/components/ui/card";
import { MappingEditor } from "@/components/mapping/mapping-editor";
import { ToolSwitcher } from "@/components/integrations/tool-switcher";
import { analyticsIntegrations } from "@/lib/hub/integrations";
import { mappingView } from "@/lib/field-mappings/mapping-page";

export const metadata = { title: "Field mappings" };

export default async function MappingPage({ searchParams }: { searchParams: Promise<{ integration?: string }> }) {
  await requirePermission("mapping.manage");
  const integrations = await analyticsIntegrations();
  const { integration } = await searchParams;
  const selected = integrations.find((i) => i.id === integration) ?? integrations[0];
  return (
    <>
      <PageHeader
        title="Field mappings"
        description="Which Pendo and Gainsight PX fields are pushed into Salesforce, and which Salesforce fields are pulled into them, per connection."
      />
      <ToolSwitcher tools={integrations} selectedId={selected?.id ?? null} basePath="/settings/mapping" what="Field mappings">
        {selected && <MappingEditor key={selected.id} initial={await mappingView(selected.id)} />}
      </ToolSwitcher>
    </>
  );
}
