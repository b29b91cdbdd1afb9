import { requirePermission } from "@/app/_auth/require";
import { EmptyState, PageHeader } from "@/components/ui/card";

export const metadata = { title: "Health model" };

export default async function HealthModelPage() {
  await requirePermission("health.read");
  return (
    <>
      <PageHeader title="Health model" description="The weighted measures that make an account's 0–100 health score, and their thresholds." />
      <EmptyState title="Not built yet">
        Clearinghouse does not compute usage KPIs or health scores yet; nothing here is in use. Accounts, links and sync
        history are available today.
      </EmptyState>
    </>
  );
}
