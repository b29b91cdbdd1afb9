"use client";

import { useId, useState } from "react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Button } from "@/components/ui/button";
import { Alert } from "@/components/ui/card";
import { TextField } from "@/components/ui/field";
import { api, ApiError } from "@/lib/http/api-client";
import type { SavedSchedule } from "@/lib/sync/schedules/save-schedule";
import type { ScheduleView } from "@/lib/sync/schedules/list-schedules";
import { replaceSchedule, SCHEDULES_KEY } from "@/components/schedules/schedules-cache";

const CRON_HINT = "Five fields: minute hour day-of-month month day-of-week. 0 3 * * * is every day at 03:00; 0 3,11,19 * * * three times a day; 30 6 * * 1-5 weekdays at 06:30.";

/** Every zone the browser knows, for the time zone field's suggestions. */
function zones(): string[] {
  try {
    return Intl.supportedValuesOf("timeZone");
  } catch {
    return ["UTC"];
  }
}

/** Edits one schedule's cron expression and time zone; the server's sentences appear beside the fields. */
export function ScheduleForm({ schedule, minMinutes, onDone }: { schedule: ScheduleView; minMinutes: number; onDone: (message: string) => void }) {
  const queryClient = useQueryClient();
  const listId = useId();
  const [cron, setCron] = useState(schedule.cron);
  const [timezone, setTimezone] = useState(schedule.timezone);
  const [suggestions] = useState(zones);
  const save = useMutation({
    mutationFn: () =>
      api<SavedSchedule>(`/api/schedules/${schedule.integrationId}/${schedule.action}`, { method: "PUT", body: { cron, timezone, paused: schedule.paused } }),
    onSuccess: (saved) => {
      queryClient.setQueryData(SCHEDULES_KEY, replaceSchedule(saved.schedule));
      onDone(saved.message);
    },
  });
  const fields = save.error instanceof ApiError ? save.error.fields : {};
  const isDefault = cron.trim() === schedule.defaults.cron && timezone.trim() === schedule.defaults.timezone;

  return (
    <form
      className="mt-3 space-y-3 rounded-md border border-slate-200 bg-slate-50 p-4"
      aria-label={`Edit the ${schedule.integration} ${schedule.actionLabel.toLowerCase()} schedule`}
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate();
      }}
    >
      <div className="grid gap-3 md:grid-cols-2">
        <TextField
          label="Cron expression"
          value={cron}
          onChange={(e) => {
            setCron(e.target.value);
            save.reset();
          }}
          error={fields.cron}
          hint={`${CRON_HINT} Runs at least ${minMinutes} minutes apart.`}
          spellCheck={false}
          autoComplete="off"
        />
        <div>
          <TextField
            label="Time zone"
            value={timezone}
            onChange={(e) => {
              setTimezone(e.target.value);
              save.reset();
            }}
            error={fields.timezone}
            hint="The zone the expression is read in (IANA name, such as UTC, Europe/Paris or America/New_York); daylight saving is followed."
            list={listId}
            spellCheck={false}
            autoComplete="off"
          />
          <datalist id={listId}>
            {suggestions.map((z) => (
              <option key={z} value={z} />
            ))}
          </datalist>
        </div>
      </div>
      {save.error && !fields.cron && !fields.timezone && <Alert>{save.error.message}</Alert>}
      <div className="flex flex-wrap gap-2">
        <Button type="submit" disabled={save.isPending}>
          {save.isPending ? "Saving…" : "Save schedule"}
        </Button>
        <Button variant="secondary" onClick={() => onDone("")} disabled={save.isPending}>
          Cancel
        </Button>
        <Button
          variant="ghost"
          disabled={save.isPending || isDefault}
          onClick={() => {
            setCron(schedule.defaults.cron);
            setTimezone(schedule.defaults.timezone);
            save.reset();
          }}
        >
          Use the default ({schedule.defaults.cron}, {schedule.defaults.timezone})
        </Button>
      </div>
    </form>
  );
}
