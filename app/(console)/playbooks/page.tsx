import { requirePermission } from "@/app/_auth/require";
import { EmptyState, PageHeader } from "@/components/ui/card";

export const metadata = { title: "Playbooks" };

export default async function PlaybooksPage() {
  await requirePermission("playbooks.read");
  return (
    <>
      <PageHeader title="Playbooks" description="What happens when an account's health crosses a threshold: Salesforce tasks, cases and calls to action." />
      <EmptyState title="Not built yet">
        Playbooks need health scores, which Clearinghouse does not compute yet; nothing creates Salesforce tasks, cases or
        calls to action today.
      </EmptyState>
    </>
  );
}
