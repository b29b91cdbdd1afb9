import Link from "next/link";
import { Table, queryHref, type Column } from "@/components/ui/table";
import { LocalTime } from "@/components/sync/local-time";
import { RunStatusBadge } from "@/components/sync/status-badges";
import { PreviewMark } from "@/components/sync/preview-mark";
import { describeApiCalls, describeMatchSummary, describePullCounts, describePushCounts, describeTrigger, formatCount, formatDuration } from "@/lib/sync/history/format";
import type { RunList, RunRow } from "@/lib/sync/history/list-runs";

const KIND_LABEL = { PULL: "Pull", MATCH: "Match", SYNC: "Sync", USAGE: "Usage refresh", RETRY: "Retry", PREVIEW: "Preview" } as const;

const columns: Column<RunRow>[] = [
  {
    key: "started",
    header: "Started",
    className: "whitespace-nowrap",
    cell: (r) => (
      <Link href={`/sync/${r.id}`} className="font-medium text-brand-700 hover:underline" data-testid="run-link">
        <LocalTime iso={r.startedAt} />
      </Link>
    ),
  },
  {
    key: "run",
    header: "Run",
    cell: (r) => (
      <>
        <div className="font-medium text-slate-900">
          {r.integration} {KIND_LABEL[r.kind].toLowerCase()}
        </div>
        <div className="text-xs text-slate-500">{describeTrigger(r.trigger, r.triggeredBy)}</div>
        {r.kind === "PREVIEW" && <PreviewMark />}
      </>
    ),
  },
  {
    key: "status",
    header: "Status",
    cell: (r) => (
      <>
        <RunStatusBadge status={r.status} />
        {r.error && <div className="mt-1 max-w-xs text-xs text-red-700">{r.error}</div>}
      </>
    ),
  },
  {
    key: "duration",
    header: "Duration",
    align: "right",
    className: "whitespace-nowrap",
    cell: (r) => (r.status === "QUEUED" ? <span className="text-slate-500">waiting</span> : `${formatDuration(r.durationMs)}${r.live ? " so far" : ""}`),
  },
  {
    key: "changes",
    header: "What it did",
    cell: (r) => (
      <div className="text-xs text-slate-700">
        {r.pull && <div>Pulled {describePullCounts(r.pull)}</div>}
        {r.match && <div>Matching: {describeMatchSummary(r.match)}</div>}
        {r.push && <div>Pushed: {describePushCounts(r.push)}</div>}
        {!r.pull && !r.match && !r.push && <span className="text-slate-500">{r.live ? "nothing counted yet" : "no counts recorded"}</span>}
      </div>
    ),
  },
  {
    key: "api",
    header: "API calls",
    align: "right",
    cell: (r) => <span title={describeApiCalls(r.apiCalls)}>{formatCount(r.apiCalls)}</span>,
  },
];

export function RunsTable({ list, filters, filtered }: { list: RunList; filters: Record<string, string | undefined>; filtered: boolean }) {
  const paged = Boolean(list.newerCursor || list.olderCursor || filters.before || filters.after);
  return (
    <Table
      label="Sync runs"
      columns={columns}
      rows={list.runs}
      rowKey={(r) => r.id}
      rowTestId="run-row"
      empty={
        filters.before || filters.after ? (
          <>
            This page is past the end of the list.{" "}
            <Link href={queryHref("/sync", filters, { before: undefined, after: undefined })} className="text-brand-700 hover:underline">
              Go to the newest runs
            </Link>
          </>
        ) : filtered ? (
          "No run matches these filters."
        ) : (
          "No run has been recorded yet."
        )
      }
      pagination={
        paged
          ? {
              summary: `${formatCount(list.runs.length)} run${list.runs.length === 1 ? "" : "s"} on this page, newest first`,
              links: [
                { href: list.newerCursor ? queryHref("/sync", filters, { before: undefined, after: undefined }) : null, label: "Newest", rel: "first" },
                { href: list.newerCursor ? queryHref("/sync", filters, { before: undefined, after: list.newerCursor }) : null, label: "← Newer", rel: "prev" },
                { href: list.olderCursor ? queryHref("/sync", filters, { after: undefined, before: list.olderCursor }) : null, label: "Older →", rel: "next" },
              ],
            }
          : undefined
      }
    />
  );
}
