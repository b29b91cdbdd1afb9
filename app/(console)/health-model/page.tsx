import { requirePermission } from "@/app/_auth/require";
import { EmptyState, PageHeader } from "@/components/ui/card";

export const metadata = { title: "Health model" };

export default async function HealthModelPage() {
  await requirePermission("health.read");
  return (
    <>
      <PageHeader title="Health model" description="The weighted measures that make an account's 0–100 health score, and their thresholds." />
      <EmptyState title="No health model defined">
        The health model combines usage KPIs (active users, trends, NPS, feature adoption) into one score once usage data
        has been pulled.
      </EmptyState>
    </>
  );
}
