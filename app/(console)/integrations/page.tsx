import { requirePermission } from "@/app/_auth/require";
import { EmptyState, PageHeader } from "@/components/ui/card";

export const metadata = { title: "Integrations" };

export default async function IntegrationsPage() {
  await requirePermission("integrations.read");
  return (
    <>
      <PageHeader
        title="Integrations"
        description="Connect Salesforce, Pendo and Gainsight PX. Every sync, mapping and match starts from these cards."
      />
      <EmptyState title="No systems connected yet">
        Connection cards for Salesforce (OAuth), Pendo (integration key) and Gainsight PX (API key) arrive with the
        integrations release. Until then, run <code className="rounded bg-slate-100 px-1">npm run emulators</code> to
        explore the local vendor APIs.
      </EmptyState>
    </>
  );
}
