"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Alert, Badge } from "@/components/ui/card";
import { Dialog } from "@/components/ui/dialog";
import { ROLE_LABELS, ROLES, type RoleName } from "@/lib/auth/permissions";
import { api } from "@/lib/http/api-client";
import type { UserView } from "@/lib/users/user-view";
import { CreateUserDialog } from "@/components/users/create-user-dialog";
import { OneTimePassword } from "@/components/users/one-time-password";

const formatDate = (iso: string | null) => (iso ? new Date(iso).toLocaleString() : "never");

export function UsersAdmin({ currentUserId }: { currentUserId: string }) {
  const queryClient = useQueryClient();
  const users = useQuery({ queryKey: ["users"], queryFn: () => api<{ users: UserView[] }>("/api/users") });
  const [reset, setReset] = useState<{ email: string; password: string } | null>(null);
  const [confirm, setConfirm] = useState<UserView | null>(null);

  const update = useMutation({
    mutationFn: ({ id, ...body }: { id: string; role?: RoleName; active?: boolean }) =>
      api<{ user: UserView }>(`/api/users/${id}`, { method: "PATCH", body }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: ["users"] }),
  });
  const resetPassword = useMutation({
    mutationFn: (u: UserView) => api<{ oneTimePassword: string }>(`/api/users/${u.id}/reset-password`, { method: "POST" }),
    onSuccess: (r, u) => setReset({ email: u.email, password: r.oneTimePassword }),
  });

  return (
    <div className="space-y-4">
      <div className="flex justify-end">
        <CreateUserDialog />
      </div>
      {(update.error || resetPassword.error) && <Alert>{(update.error ?? resetPassword.error)?.message}</Alert>}
      {users.error && <Alert>{users.error.message}</Alert>}
      <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
        <table className="min-w-full divide-y divide-slate-200 text-sm">
          <thead className="bg-slate-50 text-left text-xs font-semibold uppercase tracking-wide text-slate-500">
            <tr>
              <th className="px-4 py-2">User</th>
              <th className="px-4 py-2">Role</th>
              <th className="px-4 py-2">Status</th>
              <th className="px-4 py-2">Last sign-in</th>
              <th className="px-4 py-2 text-right">Actions</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {users.isPending && (
              <tr>
                <td colSpan={5} className="px-4 py-6 text-center text-slate-500">
                  Loading users…
                </td>
              </tr>
            )}
            {users.data?.users.map((u) => (
              <tr key={u.id} data-testid={`user-row-${u.email}`}>
                <td className="px-4 py-2">
                  <div className="font-medium text-slate-900">{u.email}</div>
                  {u.name && <div className="text-xs text-slate-500">{u.name}</div>}
                </td>
                <td className="px-4 py-2">
                  <label className="sr-only" htmlFor={`role-${u.id}`}>
                    Role of {u.email}
                  </label>
                  <select
                    id={`role-${u.id}`}
                    value={u.role}
                    disabled={update.isPending}
                    onChange={(e) => update.mutate({ id: u.id, role: e.target.value as RoleName })}
                    className="rounded-md border border-slate-300 bg-white px-2 py-1 text-sm"
                  >
                    {ROLES.map((r) => (
                      <option key={r} value={r}>
                        {ROLE_LABELS[r].label}
                      </option>
                    ))}
                  </select>
                </td>
                <td className="px-4 py-2">
                  {u.active ? <Badge tone="green">Active</Badge> : <Badge tone="slate">Deactivated</Badge>}{" "}
                  {u.active && u.mustChangePassword && <Badge tone="amber">Must set password</Badge>}
                </td>
                <td className="px-4 py-2 text-slate-600">{formatDate(u.lastLoginAt)}</td>
                <td className="space-x-2 px-4 py-2 text-right">
                  <Button variant="ghost" onClick={() => resetPassword.mutate(u)} disabled={resetPassword.isPending}>
                    Reset password
                  </Button>
                  {u.active ? (
                    <Button variant="ghost" onClick={() => setConfirm(u)} disabled={u.id === currentUserId}>
                      Deactivate
                    </Button>
                  ) : (
                    <Button variant="ghost" onClick={() => update.mutate({ id: u.id, active: true })}>
                      Reactivate
                    </Button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <Dialog open={reset !== null} onOpenChange={(o) => !o && setReset(null)} title="Password reset">
        {reset && <OneTimePassword email={reset.email} password={reset.password} />}
      </Dialog>
      <Dialog
        open={confirm !== null}
        onOpenChange={(o) => !o && setConfirm(null)}
        title={`Deactivate ${confirm?.email ?? ""}?`}
        description="They are signed out at their next request and cannot sign in again until reactivated. Their history stays."
      >
        <div className="flex justify-end gap-2">
          <Button variant="secondary" onClick={() => setConfirm(null)}>
            Cancel
          </Button>
          <Button
            variant="danger"
            onClick={() => {
              if (confirm) update.mutate({ id: confirm.id, active: false });
              setConfirm(null);
            }}
          >
            Deactivate
          </Button>
        </div>
      </Dialog>
    </div>
  );
}
