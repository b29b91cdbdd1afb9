import Link from "next/link";
import { Table, queryHref, type Column } from "@/components/ui/table";
import { LocalTime } from "@/components/sync/local-time";
import { RunStatusBadge } from "@/components/sync/status-badges";
import { PreviewMark } from "@/components/sync/preview-mark";
import { describeApiCalls, describeMatchSummary, describePullCounts, describePushCounts, describeTrigger, formatCount, formatDuration } from "@/lib/sync/history/format";
import type { RunList, RunRow } from "@/lib/sync/history/list-runs";
import { DEFAULT_RUN_DIR, DEFAULT_RUN_SORT, describeRunSort, RUN_SORT_WORDS, type RunSort, type SortDirection } from "@/lib/sync/history/params";
import { recordTotal } from "@/lib/sync/history/step-counts";

const KIND_LABEL = { PULL: "Pull", MATCH: "Match", SYNC: "Sync", USAGE: "Usage refresh", RETRY: "Retry", PREVIEW: "Preview" } as const;

type Filters = Record<string, string | undefined>;

/** The list sorted by `sort`: the other direction when it is the sort now, else biggest first; back to the first page. */
function sortHref(filters: Filters, list: Pick<RunList, "sort" | "dir">, sort: RunSort): string {
  const dir: SortDirection = list.sort === sort ? (list.dir === "asc" ? "desc" : "asc") : DEFAULT_RUN_DIR;
  return queryHref("/sync", filters, { sort: sort === DEFAULT_RUN_SORT ? undefined : sort, dir: dir === DEFAULT_RUN_DIR ? undefined : dir, before: undefined, after: undefined });
}

function sortLink(filters: Filters, list: Pick<RunList, "sort" | "dir">, sort: RunSort): Column<RunRow>["sort"] {
  return { href: sortHref(filters, list, sort), direction: list.sort === sort ? (list.dir === "asc" ? "ascending" : "descending") : undefined };
}

/** The measure the list is sorted by, above a run's counts, when it is one the counts do not show as a number. */
function sortedTotal(r: RunRow, sort: RunSort): string | null {
  if (sort === "records") return `${formatCount(recordTotal(r))} records`;
  if (sort === "rejected") return `${formatCount(r.push?.rejected ?? 0)} rejected`;
  return null;
}

const runColumns = (filters: Filters, list: Pick<RunList, "sort" | "dir">): Column<RunRow>[] => [
  {
    key: "started",
    header: "Started",
    sort: sortLink(filters, list, "started"),
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
    sort: sortLink(filters, list, "duration"),
    align: "right",
    className: "whitespace-nowrap",
    cell: (r) => (r.status === "QUEUED" ? <span className="text-slate-500">waiting</span> : `${formatDuration(r.durationMs)}${r.live ? " so far" : ""}`),
  },
  {
    key: "changes",
    header: "Records",
    sort: sortLink(filters, list, "records"),
    cell: (r) => (
      <div className="text-xs text-slate-700">
        {sortedTotal(r, list.sort) && <div className="font-medium text-slate-900">{sortedTotal(r, list.sort)}</div>}
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
    sort: sortLink(filters, list, "apiCalls"),
    align: "right",
    cell: (r) => <span title={describeApiCalls(r.apiCalls)}>{formatCount(r.apiCalls)}</span>,
  },
];

/** The pagination links' words: time runs newer and older; any other sort has a previous and a next page. */
function pageLinkLabels(list: Pick<RunList, "sort" | "dir">): { first: string; previous: string; next: string } {
  if (list.sort !== "started") return { first: "First page", previous: "← Previous", next: "Next →" };
  return list.dir === "desc" ? { first: "Newest", previous: "← Newer", next: "Older →" } : { first: "Oldest", previous: "← Older", next: "Newer →" };
}

function pageSummary(list: RunList): string {
  const order = list.sort === "started" ? RUN_SORT_WORDS.started[list.dir] : describeRunSort(list.sort, list.dir);
  // The totals are written when a run closes: until then it sorts as 0.
  const live = list.sort !== "started" && list.runs.some((r) => r.live) ? " (runs in progress count as 0 until they finish)" : "";
  return `${formatCount(list.runs.length)} run${list.runs.length === 1 ? "" : "s"} on this page, ${order}${live}`;
}

export function RunsTable({ list, filters, filtered }: { list: RunList; filters: Filters; filtered: boolean }) {
  const paged = Boolean(list.newerCursor || list.olderCursor || filters.before || filters.after);
  const labels = pageLinkLabels(list);
  const firstPage = queryHref("/sync", filters, { before: undefined, after: undefined });
  return (
    <Table
      label="Sync runs"
      columns={runColumns(filters, list)}
      rows={list.runs}
      rowKey={(r) => r.id}
      rowTestId="run-row"
      empty={
        filters.before || filters.after ? (
          <>
            This page is past the end of the list.{" "}
            <Link href={firstPage} className="text-brand-700 hover:underline">
              Go to the first page
            </Link>
          </>
        ) : filtered ? (
          "No run matches these filters."
        ) : (
          "No run has been recorded yet."
        )
      }
      pagination={
        paged || list.sort !== DEFAULT_RUN_SORT || list.dir !== DEFAULT_RUN_DIR
          ? {
              summary: pageSummary(list),
              links: [
                { href: list.newerCursor ? firstPage : null, label: labels.first, rel: "first" },
                { href: list.newerCursor ? queryHref("/sync", filters, { before: undefined, after: list.newerCursor }) : null, label: labels.previous, rel: "prev" },
                { href: list.olderCursor ? queryHref("/sync", filters, { after: undefined, before: list.olderCursor }) : null, label: labels.next, rel: "next" },
              ],
            }
          : undefined
      }
    />
  );
}
