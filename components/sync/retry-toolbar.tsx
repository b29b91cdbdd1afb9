"use client";

import { useEffect, useState } from "react";
import { useRouter } from "next/navigation";
import { useMutation } from "@tanstack/react-query";
import { api } from "@/lib/http/api-client";
import { Button } from "@/components/ui/button";

/** The name of the per-row checkboxes (components/sync/retry-columns.tsx): read from the page, not kept in state. */
export const RETRY_CHECKBOX = "retry-record";

type Picked = { system: string; object: string; recordId: string };

function checked(): HTMLInputElement[] {
  return [...document.querySelectorAll<HTMLInputElement>(`input[name="${RETRY_CHECKBOX}"]:checked`)];
}

/** "Retry selected" and "Retry all failed" above a run's records; opens the retry's own run page once queued. */
export function RetryToolbar({ runId, failedWrites }: { runId: string; failedWrites: number }) {
  const router = useRouter();
  const [selected, setSelected] = useState(0);
  useEffect(() => {
    const count = () => setSelected(checked().length);
    document.addEventListener("change", count);
    count();
    return () => document.removeEventListener("change", count);
  }, []);
  const retry = useMutation({
    mutationFn: (body: { all: true } | { records: Picked[] }) => api<{ runId: string }>(`/api/runs/${runId}/retry`, { method: "POST", body }),
    onSuccess: ({ runId: retryId }) => router.push(`/sync/${retryId}`),
  });
  const picked = (): Picked[] => checked().map((c) => JSON.parse(c.value) as Picked);

  return (
    <div className="mb-3 flex flex-wrap items-center gap-2" role="group" aria-label="Retry failed writes">
      <Button variant="secondary" disabled={retry.isPending || selected === 0} onClick={() => retry.mutate({ records: picked() })}>
        Retry selected{selected > 0 ? ` (${selected})` : ""}
      </Button>
      <Button variant="secondary" disabled={retry.isPending} onClick={() => retry.mutate({ all: true })}>
        Retry all failed ({failedWrites})
      </Button>
      {retry.isPending && <span className="text-sm text-slate-600">Queueing the retry…</span>}
      {retry.error && (
        <span role="alert" className="text-sm text-red-700">
          {retry.error.message}
        </span>
      )}
    </div>
  );
}
