"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { api } from "@/lib/http/api-client";
import type { SharingGroupView } from "@/lib/sharing-groups/sharing-group-view";

/** Delete, after a confirmation that says the protected accounts become visible to everyone. */
export function DeleteGroup({ group }: { group: SharingGroupView }) {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const remove = useMutation({
    mutationFn: () => api<{ message: string }>(`/api/sharing-groups/${group.id}`, { method: "DELETE" }),
    onSuccess: () => {
      setOpen(false);
      router.refresh();
    },
  });
  return (
    <>
      <Button variant="ghost" onClick={() => setOpen(true)} aria-label={`Delete ${group.name}`}>
        Delete
      </Button>
      <Dialog
        open={open}
        onOpenChange={(next) => {
          setOpen(next);
          if (!next) remove.reset();
        }}
        title={`Delete ${group.name}?`}
        description={`The ${group.protectedAccounts.toLocaleString("en-US")} accounts it protects become visible to everyone who can read accounts, unless another group protects them.`}
      >
        {remove.error && (
          <p role="alert" className="mb-3 text-sm text-red-600">
            {remove.error.message}
          </p>
        )}
        <div className="flex justify-end gap-2">
          <Button variant="secondary" onClick={() => setOpen(false)}>
            Cancel
          </Button>
          <Button variant="danger" disabled={remove.isPending} onClick={() => remove.mutate()}>
            {remove.isPending ? "Deleting…" : "Delete group"}
          </Button>
        </div>
      </Dialog>
    </>
  );
}
