"use client";

import { useRouter } from "next/navigation";
import { useMutation } from "@tanstack/react-query";
import { api } from "@/lib/http/api-client";
import { Button } from "@/components/ui/button";

/** Cancel on the run page: asks first, then the page (refreshing itself while live) shows the stop. */
export function CancelRun({ runId, requestedBy }: { runId: string; requestedBy: string | null }) {
  const router = useRouter();
  const cancel = useMutation({
    mutationFn: () => api<{ status: string; message: string }>(`/api/runs/${runId}/cancel`, { method: "POST" }),
    onSuccess: () => router.refresh(),
  });
  if (requestedBy || cancel.isSuccess) {
    return <span className="text-sm text-slate-600">{cancel.data?.status === "CANCELLED" ? cancel.data.message : `Cancelling (asked by ${requestedBy ?? "you"}): stops after the batch it is writing.`}</span>;
  }
  return (
    <span className="inline-flex flex-col items-end gap-1">
      <Button
        variant="danger"
        disabled={cancel.isPending}
        onClick={() => {
          if (window.confirm("Cancel this run? It stops after the batch it is writing; what it wrote before is kept.")) cancel.mutate();
        }}
      >
        {cancel.isPending ? "Cancelling…" : "Cancel run"}
      </Button>
      {cancel.error && <span className="text-xs text-red-600">{cancel.error.message}</span>}
    </span>
  );
}
