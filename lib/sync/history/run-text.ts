import { describeApiCalls, describeMatchCounts, describeMatchSummary, describePullCounts, describeTrigger, formatDuration, SKIPPED_MATCH, describePushCounts, describeUsageCounts, describeKpiCounts } from "@/lib/sync/history/format";
import type { RunRow } from "@/lib/sync/history/list-runs";
import type { RecordRow, RunDetail, StepView } from "@/lib/sync/history/run-detail";
import type { FailedCallView } from "@/lib/sync/history/failed-calls";

// Plain-text rendering of runs for `cli runs` and `cli runs show`: one line per run or record, the
// id first, so `grep`, `cut` and `head` work on it. Times are in the machine's local zone.

const pad = (n: number) => String(n).padStart(2, "0");

/** "2026-12-01 10:04:05" in the local time zone. */
export function localStamp(iso: string): string {
  const d = new Date(iso);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

const words = (value: string) => value.charAt(0) + value.slice(1).toLowerCase();

function runDuration(run: Pick<RunRow, "status" | "durationMs" | "live">): string {
  if (run.status === "QUEUED") return "waiting";
  return `${formatDuration(run.durationMs)}${run.live ? " so far" : ""}`;
}

function runChanges(run: Pick<RunRow, "pull" | "match" | "push">): string {
  return [run.pull ? `pulled ${describePullCounts(run.pull)}` : "", run.match ? `matching: ${describeMatchSummary(run.match)}` : "", run.push ? `written ${describePushCounts(run.push)}` : ""].filter(Boolean).join("; ");
}

export function runLine(run: RunRow): string {
  const what = `${run.integration} ${run.kind.toLowerCase()}`;
  const changes = runChanges(run);
  return [
    run.id,
    localStamp(run.startedAt),
    what.padEnd(18),
    words(run.status).padEnd(9),
    runDuration(run).padStart(10),
    describeApiCalls(run.apiCalls).padEnd(14),
    describeTrigger(run.trigger, run.triggeredBy),
    ...(changes ? [`· ${changes}`] : []),
    ...(run.error ? [`· ${run.error}`] : []),
  ].join("  ");
}

function stepLines(step: StepView, index: number): string[] {
  const title = step.name === "pull" ? `pull ${step.integration}${step.mode ? ` (${step.mode})` : ""}` : `${step.name} ${step.integration}`;
  const lines = [`  ${index + 1}. ${title.padEnd(30)} ${words(step.status).padEnd(9)} ${formatDuration(step.durationMs).padStart(10)}  ${describeApiCalls(step.apiCallTotal)}`];
  const c = step.counts;
  if (step.status === "SKIPPED" && step.name === "match") lines.push(`       ${SKIPPED_MATCH}`);
  else if (c.kind === "pull") for (const [object, counts] of Object.entries(c.objects)) lines.push(`       ${object}: ${describePullCounts(counts)}`);
  else if (c.kind === "push") for (const [object, counts] of Object.entries(c.objects)) lines.push(`       ${object}: ${describePushCounts(counts)}`);
  else if (c.kind === "usage") lines.push(`       ${describeUsageCounts(c.tables)}`);
  else if (c.kind === "kpis") lines.push(`       ${describeKpiCounts(c)}`);
  else if (c.kind === "match") {
    lines.push(`       accounts: ${describeMatchCounts(c.objects.accounts)}`);
    lines.push(`       users: ${describeMatchCounts(c.objects.contacts)}`);
  }
  if (step.apiCalls.length) lines.push(`       API: ${step.apiCalls.map((a) => `${a.kind} ×${a.calls}`).join(", ")}`);
  if (step.error) lines.push(`       error: ${step.error}`);
  return lines;
}

/** The run's header and steps; its records follow, one `recordLine` each. */
export function runDetailText(run: RunDetail): string {
  const changes = runChanges(run.totals);
  return [
    `${run.integration} ${run.kind.toLowerCase()} ${run.id}: ${words(run.status)}`,
    `  started ${localStamp(run.startedAt)} (${describeTrigger(run.trigger, run.triggeredBy)}), ${run.finishedAt ? "took" : "running for"} ${runDuration(run)}, attempt ${run.attempts}, ${describeApiCalls(run.totals.apiCalls)}`,
    ...(changes ? [`  ${changes}`] : []),
    ...(run.error ? [`  error: ${run.error}`] : []),
    run.steps.length ? "steps:" : "no step recorded",
    ...run.steps.flatMap(stepLines),
  ].join("\n");
}

export function recordLine(r: RecordRow): string {
  return [r.outcome.padEnd(9), r.operation.padEnd(9), `${r.system} ${r.object} ${r.recordId}${r.name ? ` (${r.name})` : ""}`, r.errorCode ?? "", r.message ?? ""].filter((s, i) => i < 3 || s).join("  ");
}

/** One failed write call for `cli runs show --calls`: its line, then the request and answer as sent. */
export function failedCallText(call: FailedCallView): string {
  if (call.label === "(not kept)") return `  ${call.omitted} more failed call(s) not kept`;
  const status = call.status === null ? "no answer" : `HTTP ${call.status}`;
  const head = `  ${localStamp(call.at)}  ${call.vendor} ${call.method} ${call.path}  ${status}  ${call.refused} of ${call.records} refused${call.omitted ? `  (+${call.omitted} more not kept)` : ""}`;
  if (call.withheld) return `${head}\n    (bodies withheld: they hold accounts outside your sharing groups)`;
  const indent = (text: string | null) => (text || "(empty)").replace(/^/gm, "      ");
  return `${head}\n    request:\n${indent(call.request)}\n    response:\n${indent(call.response)}`;
}
