import type { SyncProgress } from "@/lib/sync/history/sync-progress";

/** A running Synchronize: which step of how many, records done in a push, and a bar over the whole run. */
export function SyncProgressBar({ progress }: { progress: SyncProgress }) {
  const records = progress.total !== null && progress.total > 0 ? ` · ${progress.done!.toLocaleString("en-US")} of ${progress.total.toLocaleString("en-US")} records` : "";
  return (
    <div className="mt-4" data-testid="sync-progress">
      <div className="flex justify-between gap-3 text-xs text-slate-600">
        <span>
          Step {progress.step} of {progress.steps}: {progress.label}
          {records}
        </span>
        <span>{progress.percent}%</span>
      </div>
      <div
        className="mt-1 h-2 overflow-hidden rounded-full bg-slate-100"
        role="progressbar"
        aria-label="Synchronize progress"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={progress.percent}
        aria-valuetext={`Step ${progress.step} of ${progress.steps}: ${progress.label}${records}`}
      >
        <div className="h-full rounded-full bg-brand-600 transition-[width]" style={{ width: `${Math.max(progress.percent, 2)}%` }} />
      </div>
    </div>
  );
}
