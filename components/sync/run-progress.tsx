import { SyncProgressBar } from "@/components/integrations/sync-progress-bar";
import { formatDuration } from "@/lib/sync/history/format";
import type { RunProgress } from "@/lib/sync/history/run-progress";

/** A live run's step, share done and the time it has left, with what the estimate rests on. */
export function RunProgressPanel({ progress }: { progress: RunProgress | null }) {
  if (!progress) return null;
  const { timeLeftMs, basis } = progress;
  let estimate: string;
  if (timeLeftMs === null || basis === null) estimate = "No estimate of the time left yet: no run of this kind has finished, and too little of this one is done.";
  else if (basis.kind === "history" && timeLeftMs === 0)
    estimate = `Taking longer than usual: the last ${basis.runs === 1 ? "run" : `${basis.runs} runs`} of this kind took ${formatDuration(basis.averageMs)} on average.`;
  else if (basis.kind === "history")
    estimate = `About ${formatDuration(timeLeftMs)} left (the last ${basis.runs === 1 ? "run" : `${basis.runs} runs`} of this kind took ${formatDuration(basis.averageMs)} on average).`;
  else estimate = `About ${formatDuration(timeLeftMs)} left, at the pace of the steps done so far.`;
  return (
    <div className="mb-6 rounded-md border border-slate-200 bg-white px-4 py-3" data-testid="run-progress">
      {progress.progress && <SyncProgressBar progress={progress.progress} />}
      <p className="mt-2 text-sm text-slate-700" data-testid="run-time-left">
        {estimate}
      </p>
    </div>
  );
}
