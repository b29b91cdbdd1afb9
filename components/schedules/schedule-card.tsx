"use client";

import { useState } from "react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Button } from "@/components/ui/button";
import { Alert, Badge } from "@/components/ui/card";
import { api } from "@/lib/http/api-client";
import type { SavedSchedule } from "@/lib/sync/schedules/save-schedule";
import type { ScheduleView } from "@/lib/sync/schedules/list-schedules";
import { NextRuns } from "@/components/schedules/next-runs";
import { ScheduleForm } from "@/components/schedules/schedule-form";
import { replaceSchedule, SCHEDULES_KEY } from "@/components/schedules/schedules-cache";

/** One schedule: what it runs, when (in its own zone and as the next runs in the viewer's), edit, pause and resume. */
export function ScheduleCard({ schedule, canManage, minMinutes }: { schedule: ScheduleView; canManage: boolean; minMinutes: number }) {
  const queryClient = useQueryClient();
  const [editing, setEditing] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const name = `${schedule.integration} ${schedule.actionLabel.toLowerCase()}`;
  const pause = useMutation({
    mutationFn: (paused: boolean) =>
      api<SavedSchedule>(`/api/schedules/${schedule.integrationId}/${schedule.action}`, { method: "PUT", body: { cron: schedule.cron, timezone: schedule.timezone, paused } }),
    onSuccess: (saved) => {
      queryClient.setQueryData(SCHEDULES_KEY, replaceSchedule(saved.schedule));
      setNotice(saved.message);
    },
  });

  return (
    <section className="py-4 first:pt-0 last:pb-0" data-testid={`schedule-${schedule.system.toLowerCase()}-${schedule.action}`} aria-label={`${name} schedule`}>
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div className="min-w-0">
          <h3 className="flex items-center gap-2 text-sm font-semibold text-slate-900">
            {schedule.actionLabel}
            {schedule.paused && <Badge tone="amber">Paused</Badge>}
            {schedule.isDefault && <Badge>Default</Badge>}
          </h3>
          <p className="mt-0.5 text-sm text-slate-600">{schedule.does}</p>
          <p className="mt-2 text-sm text-slate-800">
            <code className="rounded bg-slate-100 px-1.5 py-0.5 font-mono text-xs" data-testid="schedule-cron">
              {schedule.cron}
            </code>{" "}
            in <span data-testid="schedule-timezone">{schedule.timezone}</span>
            {schedule.description && (
              <span className="text-slate-600">
                {" "}
                · {schedule.description} ({schedule.timezone})
              </span>
            )}
          </p>
        </div>
        {canManage && !editing && (
          <div className="flex gap-2">
            <Button
              variant="secondary"
              onClick={() => {
                setNotice(null);
                pause.reset();
                setEditing(true);
              }}
              aria-label={`Edit the ${name} schedule`}
            >
              Edit
            </Button>
            <Button variant="secondary" disabled={pause.isPending} onClick={() => pause.mutate(!schedule.paused)} aria-label={`${schedule.paused ? "Resume" : "Pause"} the ${name} schedule`}>
              {schedule.paused ? "Resume" : "Pause"}
            </Button>
          </div>
        )}
      </div>

      <div className="mt-2">
        <h4 className="text-xs font-semibold uppercase tracking-wide text-slate-500">Next runs</h4>
        {schedule.paused ? (
          <p className="mt-1 text-sm text-slate-600">None while paused. Resume to run it again.</p>
        ) : schedule.nextRuns.length === 0 ? (
          <p className="mt-1 text-sm text-red-700">This schedule cannot be read. Edit it and save a valid cron expression and time zone.</p>
        ) : (
          <NextRuns runs={schedule.nextRuns} label={`Next runs of the ${name} schedule`} />
        )}
      </div>

      {editing && (
        <ScheduleForm
          schedule={schedule}
          minMinutes={minMinutes}
          onDone={(message) => {
            setEditing(false);
            setNotice(message || null);
          }}
        />
      )}
      {notice && (
        <div className="mt-3">
          <Alert tone="green">{notice}</Alert>
        </div>
      )}
      {pause.error && (
        <div className="mt-3">
          <Alert>{pause.error.message}</Alert>
        </div>
      )}
    </section>
  );
}
