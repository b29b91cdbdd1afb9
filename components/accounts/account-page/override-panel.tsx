"use client";

import { useId, useState, useSyncExternalStore } from "react";
import { useRouter } from "next/navigation";
import { useMutation } from "@tanstack/react-query";
import { api, ApiError } from "@/lib/http/api-client";
import type { OverrideAccess } from "@/lib/accounts/account-page-csm";
import type { SavedOverride } from "@/lib/accounts/account-page-override";
import { Alert } from "@/components/ui/card";
import { Button } from "@/components/ui/button";
import { SelectField, TextField } from "@/components/ui/field";

// The override form under the health score: a score and/or a colour, a reason and the last day it
// holds. The expiry is the end of that day in the viewer's own zone, the day they mean. The server
// checks who may (account-page-csm.ts); the page hides the form only to spare a refusal.

const DEFAULT_DAYS = 30;
const MAX_DAYS = 366;
const SALESFORCE_NOTE = "Salesforce receives an override, or its removal, at the next sync; the page shows it at once.";

const subscribe = () => () => {};
const pad = (n: number) => String(n).padStart(2, "0");
const localDay = (d: Date) => `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
const inDays = (n: number) => {
  const d = new Date();
  d.setDate(d.getDate() + n);
  return localDay(d);
};
/** The first instant after the chosen day, in the browser's zone: the override holds through that day. */
function endOfLocalDay(day: string): string | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!m) return null;
  return new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]) + 1).toISOString();
}

export function OverridePanel({ accountId, access, inForce }: { accountId: string; access: OverrideAccess; inForce: boolean }) {
  const router = useRouter();
  const reasonId = useId();
  // Today is the browser's: the server renders no default, the browser fills it in.
  const today = useSyncExternalStore(
    subscribe,
    () => localDay(new Date()),
    () => "",
  );
  const [score, setScore] = useState("");
  const [colour, setColour] = useState("");
  const [reason, setReason] = useState("");
  const [expiresOn, setExpiresOn] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const expiry = expiresOn ?? (today ? inDays(DEFAULT_DAYS) : "");

  const save = useMutation({
    mutationFn: () =>
      api<SavedOverride>(`/api/accounts/${accountId}/health-override`, {
        method: "POST",
        body: { score: score.trim() === "" ? null : Number(score), colour: colour === "" ? null : colour, reason, expiresAt: endOfLocalDay(expiry) ?? expiry },
      }),
    onSuccess: (saved) => {
      setNotice(saved.message);
      setScore("");
      setColour("");
      setReason("");
      setExpiresOn(null);
      router.refresh();
    },
  });
  const clear = useMutation({
    mutationFn: () => api<{ message: string }>(`/api/accounts/${accountId}/health-override`, { method: "DELETE" }),
    onSuccess: (cleared) => {
      setNotice(cleared.message);
      router.refresh();
    },
  });
  const fields = save.error instanceof ApiError ? save.error.fields : {};
  const busy = save.isPending || clear.isPending;

  if (!access.allowed) {
    return (
      <div className="mt-5 border-t border-slate-100 pt-4 text-sm text-slate-600" data-testid="override-not-allowed">
        <p>{access.reason}</p>
        <p className="mt-1 text-xs text-slate-500">{SALESFORCE_NOTE}</p>
      </div>
    );
  }

  return (
    <div className="mt-5 border-t border-slate-100 pt-4" data-testid="override-panel">
      <h3 className="text-sm font-semibold text-slate-900">{inForce ? "Replace or clear the override" : "Override the computed health"}</h3>
      <p className="mt-1 text-xs text-slate-600">
        When the model cannot know something (a sponsor left, a renewal was just signed), set a score, a colour or both. A score alone takes the colour of its bands; a colour alone
        keeps the computed score. {SALESFORCE_NOTE}
      </p>
      <form
        className="mt-3 grid gap-3 md:grid-cols-4"
        onSubmit={(e) => {
          e.preventDefault();
          setNotice(null);
          clear.reset();
          save.mutate();
        }}
      >
        <TextField label="Score (0–100)" type="number" inputMode="decimal" min={0} max={100} step={0.1} value={score} onChange={(e) => setScore(e.target.value)} error={fields.score} hint="Leave empty to keep the computed score." />
        <SelectField
          label="Colour"
          value={colour}
          onChange={(e) => setColour(e.target.value)}
          error={fields.colour}
          options={[
            { value: "", label: "From the score" },
            { value: "red", label: "Red" },
            { value: "yellow", label: "Yellow" },
            { value: "green", label: "Green" },
          ]}
        />
        <TextField
          label="In force through"
          type="date"
          required
          value={expiry}
          min={today ? inDays(0) : undefined}
          max={today ? inDays(MAX_DAYS - 1) : undefined}
          onChange={(e) => setExpiresOn(e.target.value)}
          error={fields.expiresAt}
          hint="The end of that day, your time. At most a year."
        />
        <div className="md:col-span-4">
          <label htmlFor={reasonId} className="mb-1 block text-sm font-medium text-slate-700">
            Reason
          </label>
          <textarea
            id={reasonId}
            required
            maxLength={1000}
            rows={2}
            value={reason}
            onChange={(e) => setReason(e.target.value)}
            aria-invalid={fields.reason ? true : undefined}
            className="block w-full rounded-md border border-slate-300 px-3 py-1.5 text-sm shadow-sm focus:outline-none focus:ring-2 focus:ring-brand-600"
            placeholder="Why the computed health is wrong, in words the next reader understands"
          />
          {fields.reason && <p className="mt-1 text-xs text-red-600">{fields.reason}</p>}
        </div>
        <div className="flex flex-wrap gap-2 md:col-span-4">
          <Button type="submit" disabled={busy}>
            {save.isPending ? "Saving…" : inForce ? "Replace the override" : "Set the override"}
          </Button>
          {inForce && (
            <Button
              variant="secondary"
              disabled={busy}
              onClick={() => {
                setNotice(null);
                save.reset();
                clear.mutate();
              }}
            >
              {clear.isPending ? "Clearing…" : "Clear the override"}
            </Button>
          )}
        </div>
      </form>
      <div className="mt-3 space-y-2" aria-live="polite">
        {notice && <Alert tone="green">{notice}</Alert>}
        {save.error && !Object.keys(fields).length && <Alert>{save.error.message}</Alert>}
        {save.error && Object.keys(fields).length > 0 && <Alert>Check the fields marked: {Object.values(fields)[0]}</Alert>}
        {clear.error && <Alert>{clear.error.message}</Alert>}
      </div>
    </div>
  );
}
