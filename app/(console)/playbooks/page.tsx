import { requirePermission } from "@/app/_auth/require";
import { EmptyState, PageHeader } from "@/components/ui/card";

export const metadata = { title: "Playbooks" };

export default async function PlaybooksPage() {
  await requirePermission("playbooks.read");
  return (
    <>
      <PageHeader title="Playbooks" description="What happens when an account's health crosses a threshold: Salesforce tasks, cases and calls to action." />
      <EmptyState title="Not built yet">
        Accounts are scored on every Synchronize (the Accounts list and the Health model page show the scores), but no playbook
        acts on them yet: nothing creates Salesforce tasks, cases or calls to action when an account&apos;s health crosses a threshold.
      </EmptyState>
    </>
  );
}
