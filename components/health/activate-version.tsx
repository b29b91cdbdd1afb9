"use client";

import { useRouter } from "next/navigation";
import { useMutation } from "@tanstack/react-query";
import { api } from "@/lib/http/api-client";
import { Button } from "@/components/ui/button";

/** Makes a version the one that scores from the next scoring on; asks first, since CSMs see the change. */
export function ActivateVersion({ version }: { version: number }) {
  const router = useRouter();
  const activate = useMutation({
    mutationFn: () => api<{ version: number }>(`/api/health/models/${version}/activate`, { method: "POST" }),
    onSuccess: () => router.refresh(),
  });
  return (
    <span className="inline-flex flex-col items-end gap-1">
      <Button
        variant="secondary"
        disabled={activate.isPending}
        onClick={() => {
          if (window.confirm(`Activate version ${version}? Every account is scored with it from the next sync or usage refresh.`)) activate.mutate();
        }}
      >
        {activate.isPending ? "Activating…" : `Activate version ${version}`}
      </Button>
      {activate.error && <span className="text-xs text-red-600">{activate.error.message}</span>}
    </span>
  );
}
