"use client";

import { useInfiniteQuery } from "@tanstack/react-query";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Alert, EmptyState } from "@/components/ui/card";
import { api } from "@/lib/http/api-client";
import type { AuditRow } from "@/lib/audit/list-audit";

interface Page {
  entries: AuditRow[];
  nextCursor: string | null;
  actions: string[];
}

const diff = (before: unknown, after: unknown) => {
  const b = (before ?? {}) as Record<string, unknown>;
  const a = (after ?? {}) as Record<string, unknown>;
  const keys = [...new Set([...Object.keys(b), ...Object.keys(a)])];
  return keys
    .filter((k) => JSON.stringify(b[k]) !== JSON.stringify(a[k]))
    .map((k) => `${k}: ${k in b ? JSON.stringify(b[k]) : "—"} → ${k in a ? JSON.stringify(a[k]) : "—"}`);
};

export function AuditLog() {
  const [filters, setFilters] = useState({ action: "", actor: "", from: "", to: "" });
  const [applied, setApplied] = useState(filters);
  const query = useInfiniteQuery({
    queryKey: ["audit", applied],
    initialPageParam: "",
    queryFn: ({ pageParam }) => {
      const params = new URLSearchParams();
      for (const [k, v] of Object.entries(applied)) if (v) params.set(k, k === "to" ? `${v}T23:59:59.999Z` : v);
      if (pageParam) params.set("cursor", pageParam);
      return api<Page>(`/api/audit?${params}`);
    },
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const entries = query.data?.pages.flatMap((p) => p.entries) ?? [];
  const actions = query.data?.pages[0]?.actions ?? [];

  return (
    <div className="space-y-4">
      <form
        className="flex flex-wrap items-end gap-3 rounded-lg border border-slate-200 bg-white p-4"
        onSubmit={(e) => {
          e.preventDefault();
          setApplied(filters);
        }}
      >
        <label className="text-sm">
          <span className="mb-1 block font-medium text-slate-700">Action</span>
          <select
            value={filters.action}
            onChange={(e) => setFilters({ ...filters, action: e.target.value })}
            className="rounded-md border border-slate-300 bg-white px-2 py-1.5"
          >
            <option value="">All actions</option>
            {actions.map((a) => (
              <option key={a}>{a}</option>
            ))}
          </select>
        </label>
        <label className="text-sm">
          <span className="mb-1 block font-medium text-slate-700">Who</span>
          <input
            value={filters.actor}
            onChange={(e) => setFilters({ ...filters, actor: e.target.value })}
            placeholder="email contains…"
            className="rounded-md border border-slate-300 px-2 py-1.5"
          />
        </label>
        <label className="text-sm">
          <span className="mb-1 block font-medium text-slate-700">From</span>
          <input type="date" value={filters.from} onChange={(e) => setFilters({ ...filters, from: e.target.value })} className="rounded-md border border-slate-300 px-2 py-1.5" />
        </label>
        <label className="text-sm">
          <span className="mb-1 block font-medium text-slate-700">To</span>
          <input type="date" value={filters.to} onChange={(e) => setFilters({ ...filters, to: e.target.value })} className="rounded-md border border-slate-300 px-2 py-1.5" />
        </label>
        <Button type="submit">Filter</Button>
      </form>
      {query.error && <Alert>{query.error.message}</Alert>}
      {!query.isPending && entries.length === 0 ? (
        <EmptyState title="No entries match">Changes to users, integrations and settings are recorded here as they happen.</EmptyState>
      ) : (
        <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
          <table className="min-w-full divide-y divide-slate-200 text-sm">
            <thead className="bg-slate-50 text-left text-xs font-semibold uppercase tracking-wide text-slate-500">
              <tr>
                <th className="px-4 py-2">When</th>
                <th className="px-4 py-2">Who</th>
                <th className="px-4 py-2">Action</th>
                <th className="px-4 py-2">Target</th>
                <th className="px-4 py-2">Change</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {entries.map((e) => (
                <tr key={e.id}>
                  <td className="whitespace-nowrap px-4 py-2 text-slate-600">{new Date(e.at).toLocaleString()}</td>
                  <td className="px-4 py-2">{e.actorEmail ?? <span className="text-slate-500">{e.ip === "cli" ? "command line" : "system"}</span>}</td>
                  <td className="px-4 py-2 font-mono text-xs">{e.action}</td>
                  <td className="px-4 py-2 text-slate-600">
                    {e.targetType}
                    {e.targetId ? ` ${e.targetId.slice(0, 10)}` : ""}
                  </td>
                  <td className="px-4 py-2 text-xs text-slate-700">
                    {diff(e.before, e.after).map((line) => (
                      <div key={line}>{line}</div>
                    ))}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {query.hasNextPage && (
        <Button variant="secondary" onClick={() => void query.fetchNextPage()} disabled={query.isFetchingNextPage}>
          Load more
        </Button>
      )}
    </div>
  );
}
