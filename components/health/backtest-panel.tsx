"use client";

import { useState } from "react";
import { useMutation, useQuery } from "@tanstack/react-query";
import { api } from "@/lib/http/api-client";
import type { BacktestJobStatus } from "@/lib/health/backtest-job";
import { Alert, Card } from "@/components/ui/card";
import { Button } from "@/components/ui/button";
import { SelectField } from "@/components/ui/field";
import { BacktestResults } from "@/components/health/backtest-results";

// Replays a model version (and optionally a second) over the churn history in the worker, then
// shows how well each told churned accounts from renewed ones, so an admin can compare a draft with
// the active version before activating it (seed 004, mistake 1).

export interface BacktestVersionOption {
  version: number;
  name: string;
  active: boolean;
}

const POLL_MS = 1_500;

export function BacktestPanel({ versions, initialVersion, initialCompare }: { versions: BacktestVersionOption[]; initialVersion: number; initialCompare: number | null }) {
  const [version, setVersion] = useState(String(initialVersion));
  const [compare, setCompare] = useState(initialCompare == null ? "" : String(initialCompare));
  const [jobId, setJobId] = useState<string | null>(null);

  const start = useMutation({
    mutationFn: () =>
      api<{ jobId: string }>("/api/health/backtest", { method: "POST", body: { version: Number(version), compare: compare ? Number(compare) : null } }),
    onSuccess: (r) => setJobId(r.jobId),
  });
  const status = useQuery({
    queryKey: ["health-backtest", jobId],
    enabled: jobId != null,
    queryFn: () => api<BacktestJobStatus>(`/api/health/backtest?jobId=${encodeURIComponent(jobId!)}`),
    refetchInterval: (q) => (q.state.data && (q.state.data.state === "done" || q.state.data.state === "failed") ? false : POLL_MS),
  });

  const label = (v: BacktestVersionOption) => `Version ${v.version}: ${v.name}${v.active ? " (active)" : ""}`;
  const current = status.data;
  const working = start.isPending || (jobId != null && (!current || current.state === "queued" || current.state === "running"));

  return (
    <Card>
      <h2 className="text-base font-semibold text-slate-900">Backtest</h2>
      <p className="mt-1 text-sm text-slate-600">
        Replays a version over the stored daily KPIs and the churn history (renewals won and lost, churn dates): each account&apos;s score 30, 60 and 90 days
        before it churned or renewed, and whether the score told the two apart. Compare a new version with the active one before you activate it.
      </p>
      <form
        className="mt-3 flex flex-wrap items-end gap-3"
        onSubmit={(e) => {
          e.preventDefault();
          setJobId(null);
          start.mutate();
        }}
      >
        <SelectField label="Version" value={version} onChange={(e) => setVersion(e.target.value)} options={versions.map((v) => ({ value: String(v.version), label: label(v) }))} />
        <SelectField
          label="Compare with"
          value={compare}
          onChange={(e) => setCompare(e.target.value)}
          options={[{ value: "", label: "No comparison" }, ...versions.filter((v) => String(v.version) !== version).map((v) => ({ value: String(v.version), label: label(v) }))]}
        />
        <Button type="submit" disabled={working}>
          {working ? "Backtesting…" : "Run backtest"}
        </Button>
      </form>
      <div className="mt-3 space-y-3" aria-live="polite">
        {start.error && <Alert>{start.error.message}</Alert>}
        {status.error && <Alert>{status.error.message}</Alert>}
        {current && (current.state === "queued" || current.state === "running") && (
          <p className="text-sm text-slate-600">
            {current.state === "queued" ? "Waiting for the worker…" : "The worker is replaying the scores (computing any missing KPI history first)…"}
            {current.lastError ? ` Last attempt failed: ${current.lastError}` : ""}
          </p>
        )}
        {current?.state === "failed" && <Alert>{current.message}</Alert>}
        {current?.state === "done" && <BacktestResults result={current.result} />}
      </div>
    </Card>
  );
}
