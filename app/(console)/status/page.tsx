import { requirePermission } from "@/app/_auth/require";
import { can } from "@/lib/auth/permissions";
import { PageHeader } from "@/components/ui/card";
import { StatusPanel } from "@/components/system/status-panel";

export const metadata = { title: "System status" };

export default async function StatusPage() {
  const user = await requirePermission("system.read");
  // A plain link: the dashboard is bull-board's own page behind an API route, not a console page.
  const queueDashboard = can(user.role, "queues.manage") ? (
    <a href="/api/queues" className="rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium text-slate-800 hover:bg-slate-50">
      Queue dashboard
    </a>
  ) : undefined;
  return (
    <>
      <PageHeader title="System status" description="Database, Redis, the worker process and its queues." actions={queueDashboard} />
      <StatusPanel />
    </>
  );
}
