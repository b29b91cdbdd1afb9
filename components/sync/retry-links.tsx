import Link from "next/link";
import { LocalTime } from "@/components/sync/local-time";
import { RunStatusBadge } from "@/components/sync/status-badges";
import type { RunRetryView } from "@/lib/sync/retry/run-retry-view";

/** On a retry's page, the run it retries; on a retried run's page, its retries. Nothing otherwise. */
export function RetryLinks({ view }: { view: RunRetryView }) {
  if (!view.retryOf && !view.since && view.retries.length === 0) return null;
  return (
    <div className="mb-6 space-y-2 rounded-md border border-slate-200 bg-white px-4 py-3 text-sm text-slate-700" data-testid="retry-links">
      {view.retryOf && (
        <p>
          Retries {view.records === null ? "records" : `${view.records} record${view.records === 1 ? "" : "s"}`} that failed in{" "}
          <Link href={`/sync/${view.retryOf.id}`} className="text-brand-700 hover:underline" data-testid="retry-of-link">
            the run of <LocalTime iso={view.retryOf.startedAt} />
          </Link>
          .
        </p>
      )}
      {!view.retryOf && view.since && (
        <p>
          Retries {view.records ?? "the"} write{view.records === 1 ? "" : "s"} that failed since <LocalTime iso={view.since} /> and were still failing.
        </p>
      )}
      {view.retries.length > 0 && (
        <div>
          <p className="mb-1">Retried in:</p>
          <ul className="space-y-1" aria-label="Retries of this run">
            {view.retries.map((r) => (
              <li key={r.id} className="flex items-center gap-2">
                <Link href={`/sync/${r.id}`} className="text-brand-700 hover:underline" data-testid="retry-link">
                  <LocalTime iso={r.startedAt} />
                </Link>
                <RunStatusBadge status={r.status} />
                {r.triggeredBy && <span className="text-xs text-slate-500">by {r.triggeredBy}</span>}
              </li>
            ))}
          </ul>
        </div>
      )}
    </div>
  );
}
