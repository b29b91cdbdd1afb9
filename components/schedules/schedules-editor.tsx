"use client";

import { useQuery } from "@tanstack/react-query";
import { Alert, Badge, Card, EmptyState } from "@/components/ui/card";
import { api } from "@/lib/http/api-client";
import type { SchedulesPage, ScheduleView } from "@/lib/sync/schedules/list-schedules";
import { ScheduleCard } from "@/components/schedules/schedule-card";
import { ViewerZoneNote } from "@/components/schedules/next-runs";
import { SCHEDULES_KEY } from "@/components/schedules/schedules-cache";

const STATUS_NOTE: Partial<Record<ScheduleView["integrationStatus"], string>> = {
  RECONNECT_NEEDED: "Reconnect needed: its runs fail until you reconnect it on the Integrations page.",
  ERROR: "Its last connection check failed: see its card on the Integrations page.",
};

/** Settings › Schedules: every connected integration with its schedules, the page's one query. */
export function SchedulesEditor({ initial, canManage }: { initial: SchedulesPage; canManage: boolean }) {
  const query = useQuery({ queryKey: SCHEDULES_KEY, queryFn: () => api<SchedulesPage>("/api/schedules"), initialData: initial });
  const page = query.data;
  const byIntegration = new Map<string, ScheduleView[]>();
  for (const s of page.schedules) byIntegration.set(s.integrationId, [...(byIntegration.get(s.integrationId) ?? []), s]);

  if (byIntegration.size === 0) {
    return (
      <EmptyState title="Nothing is scheduled">
        Schedules belong to connected integrations. Connect Salesforce, Pendo or Gainsight PX on the Integrations page, and their pulls and Synchronize runs appear here.
      </EmptyState>
    );
  }
  return (
    <div className="space-y-4">
      <ViewerZoneNote />
      {query.error && <Alert>{query.error.message}</Alert>}
      {[...byIntegration.values()].map((schedules) => {
        const first = schedules[0]!;
        const note = STATUS_NOTE[first.integrationStatus];
        return (
          <Card key={first.integrationId}>
            <h2 className="flex items-center gap-2 text-base font-semibold text-slate-900">
              {first.integration}
              {note && <Badge tone="amber">{first.integrationStatus === "ERROR" ? "Error" : "Reconnect needed"}</Badge>}
            </h2>
            {note && <p className="mt-1 text-sm text-amber-800">{note}</p>}
            <div className="mt-4 divide-y divide-slate-100">
              {schedules.map((s) => (
                <ScheduleCard key={s.action} schedule={s} canManage={canManage} minMinutes={page.minMinutesBetweenRuns} />
              ))}
            </div>
          </Card>
        );
      })}
    </div>
  );
}
