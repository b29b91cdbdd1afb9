import { requirePermission } from "@/app/_auth/require";
import { EmptyState, PageHeader } from "@/components/ui/card";

export const metadata = { title: "Sync history" };

export default async function SyncHistoryPage() {
  await requirePermission("sync.read");
  return (
    <>
      <PageHeader title="Sync history" description="Every pull and push, with live progress and the outcome of each record." />
      <EmptyState title="No sync has run yet">
        Runs appear here once an integration is connected and an admin clicks Synchronize or a schedule fires.
      </EmptyState>
    </>
  );
}
