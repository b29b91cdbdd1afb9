import Link from "next/link";
import { requirePermission } from "@/app/_auth/require";
import { Card, EmptyState, PageHeader } from "@/components/ui/card";
import { LiveRefresh } from "@/components/sync/live-refresh";
import { RunFilters } from "@/components/sync/run-filters";
import { RunsTable } from "@/components/sync/runs-table";
import { listRuns, runFilterFromAddress } from "@/lib/sync/history/list-runs";
import { DEFAULT_RUN_DIR, DEFAULT_RUN_SORT } from "@/lib/sync/history/params";
import { encodeRunCursor } from "@/lib/sync/history/run-cursor";
import { AddressNotUnderstood } from "@/components/ui/address-notice";

export const metadata = { title: "Sync history" };

type Search = Record<string, string | string[] | undefined>;

export default async function SyncHistoryPage({ searchParams }: { searchParams: Promise<Search> }) {
  await requirePermission("sync.read");
  const { filter, ignored } = runFilterFromAddress(await searchParams);
  const list = await listRuns(filter);

  // The filters as they go back into links: what was understood, in the form the URL carries it.
  const filters: Record<string, string | undefined> = {
    integration: filter.integration?.toLowerCase(),
    status: filter.status,
    kind: filter.kind,
    trigger: filter.trigger,
    from: filter.from,
    to: filter.to,
    rejected: filter.rejected ? "1" : undefined,
    sort: filter.sort === DEFAULT_RUN_SORT ? undefined : filter.sort,
    dir: filter.dir === DEFAULT_RUN_DIR ? undefined : filter.dir,
    before: filter.before && encodeRunCursor(filter.before),
    after: filter.after && encodeRunCursor(filter.after),
  };
  const filtered = Boolean(filter.integration || filter.status || filter.kind || filter.trigger || filter.from || filter.to || filter.rejected);

  return (
    <>
      <PageHeader
        title="Sync history"
        description="Every run, newest first or sorted by a column: what started it, how long it took, what it changed and the API calls it made. Open a run for its steps and per-record results."
        actions={<LiveRefresh active={list.runs.some((r) => r.live)} everyMs={5000} label="A run is in progress" />}
      />
      {ignored.length > 0 && <AddressNotUnderstood names={ignored} />}
      {!list.anyRun ? (
        <EmptyState
          title="No run has been recorded yet"
          action={
            <Link href="/integrations" className="text-sm font-medium text-brand-700 hover:underline">
              Go to Integrations
            </Link>
          }
        >
          A run is recorded each time an integration is pulled: Pull now on the Integrations page, the schedule, or{" "}
          <code className="rounded bg-slate-100 px-1">npm run -s cli -- pull</code>. Connect Salesforce, Pendo or Gainsight PX first if nothing is connected.
        </EmptyState>
      ) : (
        <Card>
          <RunFilters {...filters} sort={filter.sort} dir={filter.dir} />
          <RunsTable list={list} filters={filters} filtered={filtered} />
        </Card>
      )}
    </>
  );
}
