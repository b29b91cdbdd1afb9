"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Alert, Badge } from "@/components/ui/card";
import { ROLE_LABELS } from "@/lib/auth/permissions";
import { api } from "@/lib/http/api-client";
import type { SharingGroupsPage } from "@/lib/sharing-groups/sharing-groups-page";
import type { SharingGroupView } from "@/lib/sharing-groups/sharing-group-view";

/** A group's members, with Remove beside each, and a picker of the users not yet in it. */
export function GroupMembers({ group, users }: { group: SharingGroupView; users: SharingGroupsPage["users"] }) {
  const router = useRouter();
  const [userId, setUserId] = useState("");
  const change = useMutation({
    mutationFn: ({ method, userId }: { method: "POST" | "DELETE"; userId: string }) =>
      api<{ message: string }>(`/api/sharing-groups/${group.id}/members`, { method, body: { userId } }),
    onSuccess: () => {
      setUserId("");
      router.refresh();
    },
  });
  const members = new Set(group.members.map((m) => m.userId));
  const candidates = users.filter((u) => !members.has(u.id) && u.active);
  const pickerId = `add-member-${group.id}`;

  return (
    <div className="mt-3">
      <h3 className="text-sm font-semibold text-slate-900">Members</h3>
      {group.members.length === 0 ? (
        <p className="mt-1 text-sm text-slate-600">No member yet: nobody sees the accounts this group protects.</p>
      ) : (
        <ul className="mt-1 divide-y divide-slate-100" aria-label={`Members of ${group.name}`}>
          {group.members.map((m) => (
            <li key={m.userId} className="flex items-center justify-between gap-2 py-1.5 text-sm" data-testid={`sharing-member-${m.email}`}>
              <span>
                <span className="font-medium text-slate-900">{m.email}</span>
                {m.name && <span className="text-slate-500"> · {m.name}</span>} <Badge>{ROLE_LABELS[m.role].label}</Badge>
                {!m.active && (
                  <>
                    {" "}
                    <Badge tone="amber">deactivated</Badge>
                  </>
                )}
              </span>
              <Button variant="ghost" disabled={change.isPending} onClick={() => change.mutate({ method: "DELETE", userId: m.userId })} aria-label={`Remove ${m.email} from ${group.name}`}>
                Remove
              </Button>
            </li>
          ))}
        </ul>
      )}
      <form
        className="mt-2 flex flex-wrap items-end gap-2"
        onSubmit={(e) => {
          e.preventDefault();
          if (userId) change.mutate({ method: "POST", userId });
        }}
      >
        <label htmlFor={pickerId} className="flex flex-col text-xs text-slate-600">
          Add a member to {group.name}
          <select id={pickerId} value={userId} onChange={(e) => setUserId(e.target.value)} className="mt-1 w-72 rounded-md border border-slate-300 bg-white px-2 py-1 text-sm">
            <option value="">Pick a user…</option>
            {candidates.map((u) => (
              <option key={u.id} value={u.id}>
                {u.email} ({ROLE_LABELS[u.role].label})
              </option>
            ))}
          </select>
        </label>
        <Button type="submit" variant="secondary" disabled={!userId || change.isPending}>
          Add member
        </Button>
      </form>
      {change.error && (
        <div className="mt-2">
          <Alert>{change.error.message}</Alert>
        </div>
      )}
    </div>
  );
}
