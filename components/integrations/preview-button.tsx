"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { Button } from "@/components/ui/button";
import { api } from "@/lib/http/api-client";

/**
 * "Preview" beside Synchronize: queues a preview of the same sync and opens its run page, which
 * follows it live and shows what would be written. Nothing is written.
 */
export function PreviewButton({ integrationId, all }: { integrationId: string; all: boolean }) {
  const router = useRouter();
  const preview = useMutation({
    mutationFn: () => api<{ runId: string; message: string }>(`/api/integrations/${integrationId}/preview`, { method: "POST" }),
    onSuccess: ({ runId }) => router.push(`/sync/${runId}`),
  });
  return (
    <>
      <Button
        variant="secondary"
        onClick={() => preview.mutate()}
        disabled={preview.isPending || preview.isSuccess}
        title={all ? "What Synchronize all would write for every connected tool; writes nothing" : "What Synchronize would write; writes nothing"}
      >
        {preview.isPending || preview.isSuccess ? "Opening preview…" : "Preview"}
      </Button>
      {preview.error && (
        <p role="alert" className="basis-full text-sm text-red-700">
          {preview.error.message}
        </p>
      )}
    </>
  );
}
