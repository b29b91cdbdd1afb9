"use client";

import { useState } from "react";
import { useMutation } from "@tanstack/react-query";
import { Dialog, DialogSaveActions } from "@/components/ui/dialog";
import { TextField } from "@/components/ui/field";
import { api, ApiError } from "@/lib/http/api-client";
import { apiBudgetRequestsText, apiBudgetSchema, apiBudgetText, type ApiBudgetSetting } from "@/lib/integrations/api-budget-setting";

interface ValueProps {
  budget: ApiBudgetSetting;
  /** The org's daily allowance when the card knows it (from /limits). */
  max: number | null;
  /** Absent for those who may not change it. */
  onChange?: () => void;
}

/** The Salesforce card's "API budget" value: the shares, the requests they come to, and Change. */
/** Both shares are whole percentages of the daily allowance. */
const PERCENT_INPUT = { type: "number", inputMode: "numeric", min: 1, max: 100, step: 1 } as const;

export function ApiBudgetValue({ budget, max, onChange }: ValueProps) {
  return (
    <>
      {apiBudgetText(budget)}
      {onChange && (
        <>
          {" · "}
          <button type="button" className="text-brand-700 hover:underline" onClick={onChange} aria-label="Change the API budget">
            Change
          </button>
        </>
      )}
      {max !== null && <span className="block text-slate-500">{apiBudgetRequestsText(budget, max)}</span>}
    </>
  );
}

interface Props {
  integrationId: string;
  /** What is saved now. */
  budget: ApiBudgetSetting;
  max: number | null;
  open: boolean;
  onOpenChange: (open: boolean) => void;
  onSaved: (budget: ApiBudgetSetting) => void;
}

/**
 * The Salesforce card's API budget: how much of the org's daily API allowance Clearinghouse may
 * use, per run and over 24 hours. Checked here with the schema the server applies.
 */
export function ApiBudgetDialog(props: Props) {
  return (
    <Dialog
      open={props.open}
      onOpenChange={props.onOpenChange}
      title="Salesforce API budget"
      description="Shares of the org's daily API allowance (Salesforce's limit for all its integrations together)."
    >
      {/* The content unmounts when the dialog closes, so it opens on what is saved, not on what was typed and cancelled. */}
      <ApiBudgetForm {...props} />
    </Dialog>
  );
}

/** Empty text is no number (zod's "Give a whole percentage."), not 0. */
const percentOf = (text: string) => (text.trim() === "" ? Number.NaN : Number(text));

function ApiBudgetForm({ integrationId, budget, max, onOpenChange, onSaved }: Props) {
  const [runText, setRunText] = useState(String(budget.runPercent));
  const [dailyText, setDailyText] = useState(String(budget.dailyPercent));
  const save = useMutation({
    mutationFn: (b: ApiBudgetSetting) => api<ApiBudgetSetting>(`/api/integrations/${integrationId}/api-budget`, { method: "PUT", body: b }),
    onSuccess: onSaved,
  });
  const checked = apiBudgetSchema.safeParse({ runPercent: percentOf(runText), dailyPercent: percentOf(dailyText) });
  const issues = checked.success ? [] : checked.error.issues;
  const messageAt = (field: string) => issues.find((i) => i.path[0] === field)?.message;
  const serverFields = save.error instanceof ApiError ? save.error.fields : {};
  const runError = messageAt("runPercent") ?? serverFields.runPercent;
  const dailyError = messageAt("dailyPercent") ?? serverFields.dailyPercent;
  // The run-within-day rule belongs to neither field alone.
  const bothError = issues.find((i) => i.path.length === 0)?.message;

  return (
    <form
      className="space-y-4"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        if (checked.success) save.mutate(checked.data);
      }}
    >
      <TextField
        label="Per run (% of the daily allowance)"
        {...PERCENT_INPUT}
        value={runText}
        onChange={(e) => setRunText(e.target.value)}
        error={runError}
        hint="A run stops cleanly when it reaches this share; the next run continues where it stopped."
      />
      <TextField
        label="Per 24 hours (% of the daily allowance)"
        {...PERCENT_INPUT}
        value={dailyText}
        onChange={(e) => setDailyText(e.target.value)}
        error={dailyError}
        hint="All of Clearinghouse's runs together in Salesforce's rolling 24-hour window; the org's other integrations need the rest."
      />
      {bothError && <p className="text-sm text-red-600">{bothError}</p>}
      {checked.success && max !== null && (
        <p className="text-sm text-slate-600">
          Of {max.toLocaleString("en-US")} daily requests: {apiBudgetRequestsText(checked.data, max)}.
        </p>
      )}
      <DialogSaveActions error={save.error} pending={save.isPending} disabled={!checked.success} onCancel={() => onOpenChange(false)} />
    </form>
  );
}
