import { requirePermission } from "@/app/_auth/require";
import { can } from "@/lib/auth/permissions";
import { PageHeader } from "@/components/ui/card";
import { SchedulesEditor } from "@/components/schedules/schedules-editor";
import { listSchedules } from "@/lib/sync/schedules/list-schedules";

export const metadata = { title: "Schedules" };

export default async function SchedulesPage() {
  const user = await requirePermission("schedules.read");
  const page = await listSchedules();
  return (
    <>
      <PageHeader
        title="Schedules"
        description="When each connected integration pulls, and when each Pendo and Gainsight PX connection runs a full Synchronize, on its own: a cron expression read in a time zone. A paused schedule runs nothing until resumed; Pull now and Synchronize on the cards still work."
      />
      <SchedulesEditor initial={page} canManage={can(user.role, "schedules.manage")} />
    </>
  );
}
