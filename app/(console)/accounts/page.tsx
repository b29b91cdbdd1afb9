import { requirePermission } from "@/app/_auth/require";
import { EmptyState, PageHeader } from "@/components/ui/card";

export const metadata = { title: "Accounts" };

export default async function AccountsPage() {
  await requirePermission("accounts.read");
  return (
    <>
      <PageHeader title="Accounts" description="Health, usage and calls to action for each customer account." />
      <EmptyState title="No accounts in the hub yet">
        Accounts are pulled from Salesforce and matched to their Pendo and Gainsight PX records after the first sync.
      </EmptyState>
    </>
  );
}
