import { Alert, Card } from "@/components/ui/card";
import { LocalTime } from "@/components/sync/local-time";
import { RunStatusBadge } from "@/components/sync/status-badges";
import { describeApiCalls, describeMatchSummary, describePullCounts, describePushCounts, describeTrigger, formatDuration } from "@/lib/sync/history/format";
import type { RunDetail } from "@/lib/sync/history/run-detail";

function Fact({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div>
      <dt className="text-xs uppercase tracking-wide text-slate-500">{label}</dt>
      <dd className="mt-0.5 text-sm text-slate-900">{children}</dd>
    </div>
  );
}

/** The run's header: how it went, what started it, when, how long, and what went wrong. */
export function RunSummary({ run }: { run: RunDetail }) {
  return (
    <Card className="mb-6">
      <dl className="grid gap-4 sm:grid-cols-3 lg:grid-cols-6">
        <Fact label="Status">
          <RunStatusBadge status={run.status} />
        </Fact>
        <Fact label="Started by">{describeTrigger(run.trigger, run.triggeredBy)}</Fact>
        <Fact label="Started">
          <LocalTime iso={run.startedAt} />
        </Fact>
        <Fact label={run.finishedAt ? "Took" : "Running for"}>{run.status === "QUEUED" ? "waiting for a worker" : formatDuration(run.durationMs)}</Fact>
        <Fact label="Attempts">{run.attempts === 1 ? "1" : `${run.attempts} (resumed after the worker stopped)`}</Fact>
        <Fact label="API calls">{describeApiCalls(run.totals.apiCalls)}</Fact>
      </dl>
      {(run.totals.pull || run.totals.match || run.totals.push) && (
        <p className="mt-4 text-sm text-slate-700">
          {run.totals.pull && <>Pulled {describePullCounts(run.totals.pull)}. </>}
          {run.totals.match && <>Matching: {describeMatchSummary(run.totals.match)}. </>}
          {run.totals.push && <>Written (into Salesforce and back into the tools): {describePushCounts(run.totals.push)}.</>}
        </p>
      )}
      {run.live && (
        <p className="mt-2 text-xs text-slate-500">
          Last progress reported at <LocalTime iso={run.heartbeatAt} format="time" />.
        </p>
      )}
      {run.error && (
        <div className="mt-4">
          <Alert>{run.error}</Alert>
        </div>
      )}
    </Card>
  );
}
