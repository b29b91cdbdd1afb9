"use client";

import { useQuery } from "@tanstack/react-query";
import { Alert, Badge, Card } from "@/components/ui/card";
import { api } from "@/lib/http/api-client";
import type { SystemStatus } from "@/lib/system/status";

function Check({ name, status, message }: { name: string; status: "up" | "down"; message: string }) {
  return (
    <Card>
      <div className="flex items-center justify-between">
        <h2 className="font-medium text-slate-900">{name}</h2>
        <Badge tone={status === "up" ? "green" : "red"}>{status === "up" ? "Up" : "Down"}</Badge>
      </div>
      <p className="mt-2 text-sm text-slate-600">{message}</p>
    </Card>
  );
}

export function StatusPanel() {
  const status = useQuery({
    queryKey: ["status"],
    queryFn: () => api<SystemStatus>("/api/status"),
    refetchInterval: 5000,
  });
  if (status.error) return <Alert>{status.error.message}</Alert>;
  if (!status.data) return <p className="text-sm text-slate-500">Checking…</p>;
  const s = status.data;
  return (
    <div className="space-y-6">
      <div className="grid gap-4 md:grid-cols-3">
        <Check name="Database" {...s.database} />
        <Check name="Redis" {...s.redis} />
        <Check name="Worker" {...s.workers} />
      </div>
      <Card>
        <h2 className="font-medium text-slate-900">Worker heartbeats</h2>
        {s.workers.beats.length === 0 ? (
          <p className="mt-2 text-sm text-slate-600">No worker has reported yet.</p>
        ) : (
          <table className="mt-3 min-w-full text-sm">
            <thead className="text-left text-xs uppercase tracking-wide text-slate-500">
              <tr>
                <th className="py-1 pr-4">Worker</th>
                <th className="py-1 pr-4">Last beat</th>
                <th className="py-1 pr-4">Version</th>
                <th className="py-1">State</th>
              </tr>
            </thead>
            <tbody>
              {s.workers.beats.map((b) => (
                <tr key={b.workerId} data-testid="worker-beat">
                  <td className="py-1 pr-4 font-mono text-xs">{b.workerId}</td>
                  <td className="py-1 pr-4" data-testid="worker-beat-age">
                    {b.ageSeconds} s ago
                  </td>
                  <td className="py-1 pr-4">{b.version}</td>
                  <td className="py-1">{b.alive ? <Badge tone="green">alive</Badge> : <Badge tone="slate">silent</Badge>}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Card>
      <Card>
        <h2 className="font-medium text-slate-900">Queues</h2>
        <table className="mt-3 min-w-full text-sm">
          <thead className="text-left text-xs uppercase tracking-wide text-slate-500">
            <tr>
              <th className="py-1 pr-4">Queue</th>
              <th className="py-1 pr-4">Waiting</th>
              <th className="py-1 pr-4">Active</th>
              <th className="py-1 pr-4">Delayed</th>
              <th className="py-1">Failed</th>
            </tr>
          </thead>
          <tbody>
            {s.queues.map((q) => (
              <tr key={q.queue}>
                <td className="py-1 pr-4 font-mono text-xs">{q.queue}</td>
                <td className="py-1 pr-4">{q.waiting}</td>
                <td className="py-1 pr-4">{q.active}</td>
                <td className="py-1 pr-4">{q.delayed}</td>
                <td className="py-1">{q.failed}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </Card>
      <p className="text-xs text-slate-500">Checked {new Date(s.checkedAt).toLocaleTimeString()}; refreshes every 5 seconds.</p>
    </div>
  );
}
