"use client";

import { useEffect, useState } from "react";
import { useRouter } from "next/navigation";
import { useMutation, useQuery } from "@tanstack/react-query";
import { api, ApiError } from "@/lib/http/api-client";
import type { AssignableCsm } from "@/lib/accounts/csm/assignable-csms";
import type { SetCsmResult } from "@/lib/accounts/csm/set-account-csm";
import { Alert } from "@/components/ui/card";
import { Button } from "@/components/ui/button";
import { SelectField, TextField } from "@/components/ui/field";

// "Change CSM" on the account page (admins and operations; the server checks again): search the
// active Salesforce users, pick one or "No CSM", save. Saving queues the push to Salesforce; the
// page then shows it pending until the worker has written it.

const NONE = "__none__";
const label = (u: AssignableCsm) => `${u.name ?? u.id}${u.email ? ` (${u.email})` : ""}`;

export function ChangeCsm({ accountId, currentUserId }: { accountId: string; currentUserId: string | null }) {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [search, setSearch] = useState("");
  const [debounced, setDebounced] = useState("");
  const [choice, setChoice] = useState("");
  const [notice, setNotice] = useState<string | null>(null);

  useEffect(() => {
    const t = setTimeout(() => setDebounced(search.trim()), 250);
    return () => clearTimeout(t);
  }, [search]);

  const users = useQuery({
    queryKey: ["csm-users", debounced],
    queryFn: () => api<{ users: AssignableCsm[] }>(`/api/csm/users?${new URLSearchParams({ q: debounced, limit: "20" })}`),
    enabled: open,
  });
  const save = useMutation({
    mutationFn: () => api<SetCsmResult>(`/api/accounts/${accountId}/csm`, { method: "PUT", body: { sfUserId: choice === NONE ? null : choice } }),
    onSuccess: (saved) => {
      setNotice(saved.message);
      setOpen(false);
      setChoice("");
      setSearch("");
      router.refresh();
    },
  });

  const found = users.data?.users ?? [];
  const options = [
    { value: "", label: users.isFetching ? "Searching…" : found.length ? "Pick a user" : "No active Salesforce user matches" },
    ...found.filter((u) => u.id !== currentUserId).map((u) => ({ value: u.id, label: label(u) })),
    ...(currentUserId ? [{ value: NONE, label: "No CSM" }] : []),
  ];
  const fieldError = save.error instanceof ApiError ? save.error.fields.sfUserId : undefined;

  return (
    <div className="mt-4" data-testid="change-csm">
      {!open ? (
        <Button
          variant="secondary"
          onClick={() => {
            setNotice(null);
            save.reset();
            setOpen(true);
          }}
        >
          Change CSM
        </Button>
      ) : (
        <form
          className="grid gap-3 md:grid-cols-3"
          onSubmit={(e) => {
            e.preventDefault();
            setNotice(null);
            if (choice) save.mutate();
          }}
        >
          <TextField label="Find a Salesforce user" type="search" value={search} onChange={(e) => setSearch(e.target.value)} placeholder="Name, email or user id" hint="Active Salesforce users only." />
          <SelectField label="New CSM" value={choice} onChange={(e) => setChoice(e.target.value)} options={options} error={fieldError} />
          <div className="flex items-end gap-2">
            <Button type="submit" disabled={!choice || save.isPending}>
              {save.isPending ? "Saving…" : "Save CSM"}
            </Button>
            <Button variant="ghost" onClick={() => setOpen(false)} disabled={save.isPending}>
              Cancel
            </Button>
          </div>
        </form>
      )}
      <div className="mt-3 space-y-2" aria-live="polite">
        {notice && <Alert tone="green">{notice}</Alert>}
        {save.error && <Alert>{save.error.message}</Alert>}
        {users.error && <Alert>{users.error.message}</Alert>}
      </div>
    </div>
  );
}
