import { requirePermission } from "@/app/_auth/require";
import { PageHeader } from "@/components/ui/card";
import { AuditLog } from "@/components/audit/audit-log";

export const metadata = { title: "Audit log" };

export default async function AuditPage() {
  await requirePermission("audit.read");
  return (
    <>
      <PageHeader title="Audit log" description="Every change made in the console or the command line: who, what, when, before and after. Secrets are never recorded." />
      <AuditLog />
    </>
  );
}
