"use client";

import { useEffect, useEffectEvent } from "react";
import { useQuery } from "@tanstack/react-query";
import { api, ApiError } from "@/lib/http/api-client";
import { LIVE_STATUSES } from "@/lib/sync/history/params";
import type { RunDetail } from "@/lib/sync/history/run-detail";

const POLL_MS = 1000;

export interface FollowedRun {
  /** The run as last read; null before the first answer (or when there is no run to follow). */
  run: RunDetail | null;
  /** True from the moment there is a run id until the worker has finished the run. */
  following: boolean;
  /**
   * The last read failed. A network or server error is retried every second; a refusal (session
   * ended, run not found) will not fix itself, so polling stops and the sentence says what to do.
   * The run goes on in the worker either way.
   */
  error: Error | null;
}

/**
 * Follows a run the worker does for this page (a re-match after saving rules, pinning, excluding)
 * by reading GET /api/runs/{id} every second until it is no longer QUEUED or RUNNING, then calls
 * `onDone` once with the finished run. Pass null when there is nothing to follow.
 */
export function useRunUntilDone(runId: string | null, onDone?: (run: RunDetail) => void): FollowedRun {
  const query = useQuery({
    queryKey: ["run", runId],
    // One record is the smallest page the route serves: only the run's header is read here.
    queryFn: async () => (await api<{ run: RunDetail }>(`/api/runs/${encodeURIComponent(runId ?? "")}?pageSize=1`)).run,
    enabled: runId !== null,
    staleTime: 0,
    retry: false,
    refetchInterval: (q) => {
      if (q.state.data && !LIVE_STATUSES.includes(q.state.data.status)) return false;
      const e = q.state.error;
      return e instanceof ApiError && e.status >= 400 && e.status < 500 && e.status !== 429 ? false : POLL_MS;
    },
  });
  const run = runId !== null && query.data?.id === runId ? query.data : null;
  const done = run !== null && !LIVE_STATUSES.includes(run.status);
  // Reads the run of the render that saw it finish; the effect below fires once per finished run.
  const finished = useEffectEvent(() => {
    if (run) onDone?.(run);
  });
  const doneRunId = done ? run.id : null;
  useEffect(() => {
    if (doneRunId !== null) finished();
  }, [doneRunId]);
  return { run, following: runId !== null && !done, error: query.error };
}
