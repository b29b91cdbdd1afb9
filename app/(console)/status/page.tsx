import { requirePermission } from "@/app/_auth/require";
import { PageHeader } from "@/components/ui/card";
import { StatusPanel } from "@/components/system/status-panel";

export const metadata = { title: "System status" };

export default async function StatusPage() {
  await requirePermission("system.read");
  return (
    <>
      <PageHeader title="System status" description="Database, Redis, the worker process and its queues." />
      <StatusPanel />
    </>
  );
}
