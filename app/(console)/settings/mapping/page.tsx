import Link from "next/link";
import { clsx } from "clsx";
import { requirePermission } from "@/app/_auth/require";
import { EmptyState, PageHeader } from "@/components/ui/card";
import { MappingEditor } from "@/components/mapping/mapping-editor";
import { analyticsIntegrations, SYSTEM_LABEL } from "@/lib/hub/integrations";
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
      {!selected ? (
        <EmptyState
          title="No analytics tool is connected"
          action={
            <Link href="/integrations" className="text-sm font-medium text-brand-700 hover:underline">
              Connect Pendo or Gainsight PX
            </Link>
          }
        >
          Field mappings are set per Pendo or Gainsight PX connection.
        </EmptyState>
      ) : (
        <>
          <nav className="mb-4 flex gap-2" aria-label="Integration">
            {integrations.map((i) => (
              <Link
                key={i.id}
                href={`/settings/mapping?integration=${i.id}`}
                aria-current={i.id === selected.id ? "page" : undefined}
                className={clsx("rounded-md px-3 py-1.5 text-sm font-medium", i.id === selected.id ? "bg-brand-600 text-white" : "bg-white text-slate-700 ring-1 ring-slate-200 hover:bg-slate-50")}
              >
                {SYSTEM_LABEL[i.system]}
              </Link>
            ))}
          </nav>
          <MappingEditor key={selected.id} initial={await mappingView(selected.id)} />
        </>
      )}
    </>
  );
}
