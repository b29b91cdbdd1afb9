import { clsx } from "clsx";
import { Card } from "@/components/ui/card";
import { LocalTime } from "@/components/sync/local-time";
import { StepStatusBadge } from "@/components/sync/status-badges";
import { describeApiCalls, describeMatchCounts, describePullCounts, formatCount, formatDuration, SKIPPED_MATCH, describePushCounts, describeUsageCounts, describeKpiCounts, describeHealthCounts, objectLabel } from "@/lib/sync/history/format";
import type { StepView } from "@/lib/sync/history/run-detail";
import { previewStepTitle } from "@/lib/sync/preview/preview-step-title";

export function stepTitle(step: Pick<StepView, "name" | "integration" | "mode">): string {
  if (step.name === "pull") return `Pull from ${step.integration}${step.mode ? ` (${step.mode})` : ""}`;
  if (step.name === "match") return `Match ${step.integration} to Salesforce`;
  if (step.name === "usage") return `Read ${step.integration} usage into daily rollups`;
  if (step.name === "kpis") return `Compute ${step.integration} KPIs`;
  if (step.name === "health") return "Score account health";
  if (step.name === "push.salesforce") return `Push ${step.integration} fields into Salesforce`;
  if (step.name === "push.pendo" || step.name === "push.px") return `Write Salesforce fields back to ${step.integration}`;
  if (step.name.startsWith("preview.")) return previewStepTitle(step.name, step.integration);
  return `${step.name} (${step.integration})`;
}

function Counts({ step }: { step: StepView }) {
  if (step.status === "SKIPPED" && step.name === "match") return <p className="text-xs text-slate-500">{SKIPPED_MATCH}</p>;
  const c = step.counts;
  if (c.kind === "pull") {
    const objects = Object.entries(c.objects);
    if (objects.length === 0) return <p className="text-xs text-slate-500">Nothing counted{step.status === "RUNNING" ? " yet" : ""}.</p>;
    return (
      <ul className="space-y-0.5 text-xs text-slate-700">
        {objects.map(([object, counts]) => (
          <li key={object}>
            <span className="font-medium">{objectLabel(object)}</span>: {describePullCounts(counts)}
          </li>
        ))}
      </ul>
    );
  }
  if (c.kind === "match") {
    return (
      <ul className="space-y-0.5 text-xs text-slate-700">
        <li>
          <span className="font-medium">Accounts</span>: {describeMatchCounts(c.objects.accounts)}
        </li>
        <li>
          <span className="font-medium">Users to contacts</span>: {describeMatchCounts(c.objects.contacts)}
        </li>
      </ul>
    );
  }
  if (c.kind === "kpis") return <p className="text-xs text-slate-700">{describeKpiCounts(c)}</p>;
  if (c.kind === "health") return <p className="text-xs text-slate-700">{describeHealthCounts(c.counts)}</p>;
  if (c.kind === "usage") return <p className="text-xs text-slate-700">{describeUsageCounts(c.tables)}</p>;
  if (c.kind === "push") {
    return (
      <ul className="space-y-0.5 text-xs text-slate-700">
        {Object.entries(c.objects).map(([object, counts]) => (
          <li key={object}>
            <span className="font-medium">{objectLabel(object)}</span>: {describePushCounts(counts)}
          </li>
        ))}
      </ul>
    );
  }
  return null;
}

/** The run's steps in order, each with its counts, time and API calls. */
export function StepTimeline({ steps, live }: { steps: StepView[]; live: boolean }) {
  return (
    <Card className="mb-6">
      <h2 className="mb-3 font-medium text-slate-900">Steps</h2>
      {steps.length === 0 ? (
        <p className="text-sm text-slate-600">{live ? "No step has started yet: the run is waiting for a worker." : "This run recorded no steps."}</p>
      ) : (
        <ol className="space-y-4" aria-label="Steps">
          {steps.map((step, i) => (
            <li key={step.id} className="flex gap-3" data-testid="run-step">
              <div className="flex flex-col items-center">
                <span
                  className={clsx(
                    "flex h-6 w-6 items-center justify-center rounded-full text-xs font-semibold",
                    step.status === "FAILED" ? "bg-red-100 text-red-700" : step.status === "SUCCEEDED" ? "bg-green-100 text-green-700" : "bg-slate-100 text-slate-600",
                  )}
                  aria-hidden="true"
                >
                  {i + 1}
                </span>
                {i < steps.length - 1 && <span className="mt-1 w-px flex-1 bg-slate-200" aria-hidden="true" />}
              </div>
              <div className="min-w-0 flex-1 pb-1">
                <div className="flex flex-wrap items-center gap-2">
                  <h3 className="text-sm font-medium text-slate-900">{stepTitle(step)}</h3>
                  <StepStatusBadge status={step.status} />
                  <span className="text-xs text-slate-500">
                    {step.startedAt ? (
                      <>
                        <LocalTime iso={step.startedAt} format="time" /> · {formatDuration(step.durationMs)}
                        {step.finishedAt ? "" : " so far"}
                      </>
                    ) : (
                      "not started"
                    )}
                    {" · "}
                    {describeApiCalls(step.apiCallTotal)}
                  </span>
                </div>
                <div className="mt-1">
                  <Counts step={step} />
                </div>
                {step.apiCalls.length > 0 && (
                  <p className="mt-1 font-mono text-[11px] text-slate-500">{step.apiCalls.map((a) => `${a.kind} ×${formatCount(a.calls)}`).join(" · ")}</p>
                )}
                {step.error && <p className={clsx("mt-1 text-sm", step.status === "SKIPPED" ? "text-slate-600" : "text-red-700")}>{step.error}</p>}
              </div>
            </li>
          ))}
        </ol>
      )}
    </Card>
  );
}
