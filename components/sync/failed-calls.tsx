import { Card } from "@/components/ui/card";
import { CopyText } from "@/components/sync/copy-text";
import { LocalTime } from "@/components/sync/local-time";
import { stepTitle } from "@/components/sync/step-timeline";
import { formatCount } from "@/lib/sync/history/format";
import type { StepView } from "@/lib/sync/history/run-detail";
import type { FailedCallView } from "@/lib/sync/history/failed-calls";

// The calls behind the run's refused records, as sent: what an admin hands the vendor's support.

/** JSON laid out for reading; anything else (CSV, text, a trimmed body) exactly as kept. */
function readable(text: string): string {
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}

function Body({ title, text }: { title: string; text: string }) {
  return (
    <div className="min-w-0 flex-1">
      <div className="mb-1 flex items-center justify-between gap-2">
        <h4 className="text-xs font-medium text-slate-700">{title}</h4>
        <CopyText text={text} label={`Copy ${title.toLowerCase()}`} />
      </div>
      <pre className="max-h-80 overflow-auto rounded-md bg-slate-900 p-3 font-mono text-xs whitespace-pre-wrap break-all text-slate-100">{text ? readable(text) : "(empty)"}</pre>
    </div>
  );
}

function statusText(call: FailedCallView): string {
  if (call.status === null) return "no answer";
  // Collections and Pendo's bulk endpoint answer 200 and refuse records inside the answer.
  return call.status < 300 ? `HTTP ${call.status}, records refused inside the answer` : `HTTP ${call.status}`;
}

function Call({ call, step }: { call: FailedCallView; step: StepView | undefined }) {
  return (
    <li data-testid="failed-call" className="rounded-md border border-slate-200">
      <details>
        <summary className="cursor-pointer px-3 py-2 text-sm">
          <span className="font-mono text-xs font-medium text-slate-900">
            {call.method} {call.path}
          </span>{" "}
          <span className="text-slate-600">
            · {statusText(call)} · {formatCount(call.refused)} of {formatCount(call.records)} records refused · {step ? stepTitle(step) : call.vendor} ·{" "}
            <LocalTime iso={call.at} />
          </span>
        </summary>
        <div className="border-t border-slate-200 p-3">
          <p className="mb-2 text-xs text-slate-600">
            {call.vendor} call “{call.label}”. Bodies as sent, trimmed past 48,000 characters, JSON laid out for reading (Copy gives the exact text);
            credentials are never kept (headers are not stored, and any token or key in a body is replaced by [redacted]).
          </p>
          {call.withheld ? (
            <p className="text-sm text-slate-600">
              The request and answer hold records of accounts outside your sharing groups, so they are shown only to people who see every account.
            </p>
          ) : (
            <div className="flex flex-col gap-3 lg:flex-row">
              <Body title="Request" text={call.request ?? ""} />
              <Body title="Response" text={call.response ?? ""} />
            </div>
          )}
        </div>
      </details>
    </li>
  );
}

/** The run's failed write calls; nothing is rendered when every call went through. */
export function FailedCalls({ calls, steps }: { calls: FailedCallView[]; steps: StepView[] }) {
  if (calls.length === 0) return null;
  const stepOf = new Map(steps.map((s) => [s.id, s]));
  const kept = calls.filter((c) => c.label !== "(not kept)");
  const omitted = calls.reduce((n, c) => n + c.omitted, 0);
  return (
    <Card className="mb-6">
      <h2 className="font-medium text-slate-900">Failed calls</h2>
      <p className="mb-3 text-sm text-slate-600">
        Each write call the vendor refused records of, or that failed outright, with the request and the answer exactly as exchanged: copy them for
        the vendor&apos;s support. The records themselves, with our sentence on each, are listed below.
      </p>
      <ul className="space-y-2" aria-label="Failed calls">
        {kept.map((call) => (
          <Call key={call.id} call={call} step={stepOf.get(call.stepId)} />
        ))}
      </ul>
      {omitted > 0 && (
        <p className="mt-2 text-xs text-slate-600" data-testid="failed-calls-omitted">
          {formatCount(omitted)} more failed {omitted === 1 ? "call was" : "calls were"} not kept: a run keeps the first 25 of each write step.
        </p>
      )}
    </Card>
  );
}
