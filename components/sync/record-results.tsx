import Link from "next/link";
import { clsx } from "clsx";
import { LocalTime } from "@/components/sync/local-time";
import { Card } from "@/components/ui/card";
import { Table, queryHref, type Column } from "@/components/ui/table";
import { OutcomeBadge } from "@/components/sync/status-badges";
import { formatCount } from "@/lib/sync/history/format";
import { FAILURE_OUTCOMES } from "@/lib/sync/history/outcomes";
import type { RecordFilter, RecordPage, RecordRow, RunDetail } from "@/lib/sync/history/run-detail";

const columns: Column<RecordRow>[] = [
  {
    key: "record",
    header: "Record",
    cell: (r) => (
      <>
        <div className="text-xs text-slate-500">
          {r.system} {r.object}
        </div>
        {r.name && <div className="text-sm text-slate-900">{r.name}</div>}
        <div className="font-mono text-xs text-slate-700">{r.recordId}</div>
      </>
    ),
  },
  { key: "operation", header: "Operation", cell: (r) => r.operation },
  { key: "outcome", header: "Outcome", cell: (r) => <OutcomeBadge outcome={r.outcome} /> },
  { key: "code", header: "Error code", cell: (r) => (r.errorCode ? <span className="font-mono text-xs">{r.errorCode}</span> : <span className="text-slate-400">—</span>) },
  {
    key: "message",
    header: "Message",
    className: "max-w-xl",
    cell: (r) => (
      <>
        <div className="text-slate-700">{r.message ?? ""}</div>
        {r.fields !== null && r.fields !== undefined && (
          <details className="mt-1 text-xs text-slate-500">
            <summary className="cursor-pointer">Fields</summary>
            <pre className="mt-1 whitespace-pre-wrap break-all font-mono">{JSON.stringify(r.fields, null, 2)}</pre>
          </details>
        )}
      </>
    ),
  },
];

function Chip({ href, active, children, testId }: { href: string; active: boolean; children: React.ReactNode; testId: string }) {
  return (
    <Link
      href={href}
      aria-current={active ? "page" : undefined}
      data-testid={testId}
      className={clsx("rounded-full px-3 py-1 text-xs", active ? "bg-slate-800 text-white" : "bg-slate-100 text-slate-700 hover:bg-slate-200")}
    >
      {children}
    </Link>
  );
}

/** Admins' retry controls (components/sync/retry-columns.tsx): a checkbox and actions per row, a toolbar above. */
export interface RecordRetryControls {
  select: Column<RecordRow>;
  actions: Column<RecordRow>;
  toolbar: React.ReactNode;
}

/** A filter of the records by one of their values, each with how many records hold it. */
function CountedSelect({ label, name, all, value, options }: { label: string; name: string; all: string; value: string | undefined; options: { value: string; count: number }[] }) {
  return (
    <label className="flex flex-col text-xs text-slate-600">
      {label}
      <select name={name} defaultValue={value ?? ""} className="rounded border border-slate-300 bg-white px-2 py-1 text-sm">
        <option value="">{all}</option>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.value} ({formatCount(o.count)})
          </option>
        ))}
      </select>
    </label>
  );
}

/** What the run did to each record, failures first, filterable by outcome and operation. */
export function RecordResults({ run, records, filter, retry }: { run: RunDetail; records: RecordPage; filter: RecordFilter; retry?: RecordRetryControls }) {
  const path = `/sync/${run.id}`;
  const current = { outcome: filter.outcome, operation: filter.operation, errorCode: filter.errorCode, q: filter.q };
  const all = run.outcomes.reduce((n, o) => n + o.count, 0);
  const failures = run.outcomes.filter((o) => FAILURE_OUTCOMES.includes(o.outcome)).reduce((n, o) => n + o.count, 0);
  const filtered = Boolean(filter.outcome || filter.operation || filter.errorCode || filter.q);
  const page = Math.min(records.page, records.pageCount);

  return (
    <Card>
      <h2 className="mb-1 font-medium text-slate-900">Record results</h2>
      <p className="mb-3 text-sm text-slate-600">Each link made or lost, each record retired, each write refused, with the reason and what to do. Failures are listed first.</p>
      {run.recordsPrunedAt ? (
        <p className="py-4 text-sm text-slate-600" data-testid="records-pruned">
          This run&apos;s per-record results and failed calls were removed on <LocalTime iso={run.recordsPrunedAt} />, once older than the days
          history keeps them (HISTORY_RETENTION_DAYS in the server&apos;s settings). Its steps and counts above are kept for good.
        </p>
      ) : all === 0 ? (
        <p className="py-4 text-sm text-slate-600" data-testid="records-none">
          {run.live ? "No record result yet: results appear as the steps write them." : "This run recorded no per-record result (nothing was linked, unlinked, written or refused)."}
        </p>
      ) : (
        <>
          <div className="mb-3 flex flex-wrap items-end justify-between gap-3">
            <nav className="flex flex-wrap gap-2" aria-label="Outcome">
              <Chip href={queryHref(path, current, { outcome: undefined })} active={!filter.outcome} testId="outcome-all">
                all {formatCount(all)}
              </Chip>
              {failures > 0 && (
                <Chip href={queryHref(path, current, { outcome: "failures" })} active={filter.outcome === "failures"} testId="outcome-failures">
                  all failures {formatCount(failures)}
                </Chip>
              )}
              {run.outcomes.map((o) => (
                <Chip key={o.outcome} href={queryHref(path, current, { outcome: o.outcome })} active={filter.outcome === o.outcome} testId={`outcome-${o.outcome}`}>
                  {o.outcome} {formatCount(o.count)}
                </Chip>
              ))}
            </nav>
            <form method="get" action={path} className="flex flex-wrap items-end gap-2 text-sm" role="search" aria-label="Filter records">
              {filter.outcome && <input type="hidden" name="outcome" value={filter.outcome} />}
              <label className="flex flex-col text-xs text-slate-600">
                Record id or name
                <input type="search" name="q" defaultValue={filter.q ?? ""} maxLength={100} className="w-48 rounded border border-slate-300 bg-white px-2 py-1 text-sm" />
              </label>
              {run.errorCodes.length > 0 && (
                <CountedSelect label="Error code" name="errorCode" all="All error codes" value={filter.errorCode} options={run.errorCodes.map((e) => ({ value: e.errorCode, count: e.count }))} />
              )}
              {run.operations.length > 1 && (
                <CountedSelect label="Operation" name="operation" all="All operations" value={filter.operation} options={run.operations.map((o) => ({ value: o.operation, count: o.count }))} />
              )}
              <button type="submit" className="rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium text-slate-800 hover:bg-slate-50">
                Apply
              </button>
              <a href={queryHref(`/api/runs/${run.id}/records.csv`, current)} download className="px-2 py-1.5 text-sm font-medium text-brand-700 hover:underline">
                Export CSV
              </a>
            </form>
          </div>
          {retry?.toolbar}
          <Table
            label="Record results"
            columns={retry ? [retry.select, ...columns, retry.actions] : columns}
            rows={records.records}
            rowKey={(r) => r.id}
            rowTestId="record-row"
            empty={
              records.total > 0 ? (
                <>
                  This page is past the end of the list.{" "}
                  <Link href={queryHref(path, current)} className="text-brand-700 hover:underline">
                    Go to the first page
                  </Link>
                </>
              ) : filtered ? (
                "No record result matches these filters."
              ) : (
                "No record result."
              )
            }
            pagination={{
              summary: `${formatCount(records.total)} result${records.total === 1 ? "" : "s"} · page ${formatCount(page)} of ${formatCount(records.pageCount)}`,
              links: [
                { href: page > 1 ? queryHref(path, current, { page: String(page - 1) }) : null, label: "← Previous", rel: "prev" },
                { href: records.page < records.pageCount ? queryHref(path, current, { page: String(records.page + 1) }) : null, label: "Next →", rel: "next" },
              ],
            }}
          />
        </>
      )}
    </Card>
  );
}
