"use client";

import { useId, useState } from "react";
import { useMutation } from "@tanstack/react-query";
import { Dialog, DialogSaveActions } from "@/components/ui/dialog";
import { api } from "@/lib/http/api-client";

/** "everything" or "last 6 months": how the Salesforce card names the first-pull window. */
export function firstPullText(months: number | null): string {
  if (months === null) return "everything";
  return `last ${months} month${months === 1 ? "" : "s"}`;
}

interface Props {
  integrationId: string;
  /** What is saved now. */
  months: number | null;
  open: boolean;
  onOpenChange: (open: boolean) => void;
  onSaved: (months: number | null) => void;
}

/**
 * The Salesforce card's "First pull" setting: everything (the default), or only records changed in
 * the last N months for an org too large to read whole.
 */
export function FirstPullWindowDialog(props: Props) {
  return (
    <Dialog
      open={props.open}
      onOpenChange={props.onOpenChange}
      title="First Salesforce pull"
      description="Only the first pull reads this far back (later pulls read what changed since the one before); everything is recommended, because a partial first pull leaves analytics users without their Salesforce contact."
    >
      {/* The dialog's content unmounts when it closes, so it opens on what is saved, not on what was typed and cancelled. */}
      <FirstPullForm {...props} />
    </Dialog>
  );
}

function FirstPullForm({ integrationId, months, onOpenChange, onSaved }: Props) {
  const [choice, setChoice] = useState<"all" | "window">(months === null ? "all" : "window");
  const [monthsText, setMonthsText] = useState(String(months ?? 6));
  const ids = useId();
  const save = useMutation({
    mutationFn: (firstPullMonths: number | null) =>
      api<{ firstPullMonths: number | null }>(`/api/integrations/${integrationId}/pull-settings`, { method: "PUT", body: { firstPullMonths } }),
    onSuccess: (r) => onSaved(r.firstPullMonths),
  });
  const parsed = Number(monthsText);
  const monthsError = choice === "window" && (!/^\d+$/.test(monthsText.trim()) || parsed < 1 || parsed > 120) ? "Give a whole number of months from 1 to 120." : null;

  return (
    <form
      className="space-y-4"
      onSubmit={(e) => {
        e.preventDefault();
        if (!monthsError) save.mutate(choice === "all" ? null : parsed);
      }}
    >
      <fieldset className="space-y-2">
        <legend className="mb-1 text-sm font-medium text-slate-700">The first pull reads</legend>
        <div className="flex items-center gap-2 text-sm">
          <input id={`${ids}-all`} type="radio" name="first-pull" value="all" checked={choice === "all"} onChange={() => setChoice("all")} />
          <label htmlFor={`${ids}-all`}>Everything (recommended)</label>
        </div>
        <div className="flex flex-wrap items-center gap-2 text-sm">
          <input id={`${ids}-window`} type="radio" name="first-pull" value="window" checked={choice === "window"} onChange={() => setChoice("window")} />
          <label htmlFor={`${ids}-window`}>Only records changed in the last</label>
          <input
            type="number"
            inputMode="numeric"
            min={1}
            max={120}
            step={1}
            aria-label="Number of months"
            aria-invalid={monthsError ? true : undefined}
            aria-describedby={monthsError ? `${ids}-months-error` : undefined}
            className="w-20 rounded-md border border-slate-300 px-2 py-1 text-sm disabled:bg-slate-50 disabled:text-slate-400"
            value={monthsText}
            disabled={choice !== "window"}
            onChange={(e) => setMonthsText(e.target.value)}
          />
          <span>months</span>
        </div>
        {monthsError && (
          <p id={`${ids}-months-error`} className="text-xs text-red-600">
            {monthsError}
          </p>
        )}
      </fieldset>
      <DialogSaveActions error={save.error} pending={save.isPending} disabled={monthsError !== null} onCancel={() => onOpenChange(false)} />
    </form>
  );
}
