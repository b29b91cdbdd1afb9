import { requirePermission } from "@/app/_auth/require";
import { EmptyState, PageHeader } from "@/components/ui/card";

export const metadata = { title: "Exceptions" };

export default async function ExceptionsPage() {
  await requirePermission("exceptions.read");
  return (
    <>
      <PageHeader title="Exceptions" description="Unmatched, ambiguous and duplicate records, and accounts deleted or merged in Salesforce." />
      <EmptyState title="Nothing needs attention">
        Matching runs after every pull; any record it cannot link with confidence is listed here with the reason.
      </EmptyState>
    </>
  );
}
