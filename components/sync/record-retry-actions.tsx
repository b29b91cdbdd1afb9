"use client";

import { useState } from "react";
import { useRouter } from "next/navigation";
import { useMutation } from "@tanstack/react-query";
import { api } from "@/lib/http/api-client";
import { Button } from "@/components/ui/button";
import type { RetryRowView } from "@/lib/sync/retry/run-retry-view";

interface Props {
  runId: string;
  resultId: string;
  record: { system: string; object: string; recordId: string };
  /** The record's name or id, for the buttons' accessible names. */
  label: string;
  view: RetryRowView;
}

/** Per-record "Retry", "Dismiss" (with an optional reason) and "Undo dismissal" on a run's page. */
export function RecordRetryActions({ runId, resultId, record, label, view }: Props) {
  const router = useRouter();
  const [asking, setAsking] = useState(false);
  const [reason, setReason] = useState("");
  const retry = useMutation({
    mutationFn: () => api<{ runId: string }>(`/api/runs/${runId}/retry`, { method: "POST", body: { records: [record] } }),
    onSuccess: ({ runId: retryId }) => router.push(`/sync/${retryId}`),
  });
  const dismiss = useMutation({
    mutationFn: () => api("/api/dismissals", { method: "POST", body: { resultId, reason: reason.trim() || null } }),
    onSuccess: () => {
      setAsking(false);
      router.refresh();
    },
  });
  const undo = useMutation({
    mutationFn: () => api("/api/dismissals", { method: "DELETE", body: { resultId } }),
    onSuccess: () => router.refresh(),
  });
  const error = retry.error ?? dismiss.error ?? undo.error;

  return (
    <div className="flex flex-col items-start gap-1" data-testid="record-actions">
      {view.dismissal && (
        <span className="text-xs text-slate-600" data-testid="dismissed-note">
          Dismissed by {view.dismissal.by}
          {view.dismissal.reason ? `: “${view.dismissal.reason}”` : ""}
        </span>
      )}
      <span className="flex flex-wrap gap-1">
        {view.retryable && (
          <Button variant="secondary" className="px-2 py-1 text-xs" aria-label={`Retry ${label}`} disabled={retry.isPending} onClick={() => retry.mutate()}>
            {retry.isPending ? "Retrying…" : "Retry"}
          </Button>
        )}
        {view.dismissal ? (
          <Button variant="ghost" className="px-2 py-1 text-xs" aria-label={`Undo dismissal of ${label}`} disabled={undo.isPending} onClick={() => undo.mutate()}>
            Undo dismissal
          </Button>
        ) : (
          view.dismissable &&
          !asking && (
            <Button variant="ghost" className="px-2 py-1 text-xs" aria-label={`Dismiss ${label}`} onClick={() => setAsking(true)}>
              Dismiss
            </Button>
          )
        )}
      </span>
      {asking && (
        <form
          className="flex flex-wrap items-end gap-1"
          onSubmit={(e) => {
            e.preventDefault();
            dismiss.mutate();
          }}
        >
          <label className="flex flex-col text-xs text-slate-600">
            Reason (optional)
            <input value={reason} onChange={(e) => setReason(e.target.value)} maxLength={500} className="rounded border border-slate-300 px-2 py-1 text-sm" />
          </label>
          <Button type="submit" variant="danger" className="px-2 py-1 text-xs" disabled={dismiss.isPending}>
            Dismiss record
          </Button>
          <Button variant="ghost" className="px-2 py-1 text-xs" onClick={() => setAsking(false)}>
            Keep
          </Button>
        </form>
      )}
      {error && (
        <span role="alert" className="text-xs text-red-700">
          {error.message}
        </span>
      )}
    </div>
  );
}
