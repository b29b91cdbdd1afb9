import Link from "next/link";
import { requirePermission } from "@/app/_auth/require";
import { Alert, Card, EmptyState, PageHeader } from "@/components/ui/card";
import { LiveRefresh } from "@/components/sync/live-refresh";
import { RunFilters } from "@/components/sync/run-filters";
import { RunsTable } from "@/components/sync/runs-table";
import { listRuns, runFilterSchema } from "@/lib/sync/history/list-runs";

export const metadata = { title: "Sync history" };

type Search = Record<string, string | string[] | undefined>;
const text = (v: string | string[] | undefined) => (typeof v === "string" && v !== "" ? v : undefined);

export default async function SyncHistoryPage({ searchParams }: { searchParams: Promise<Search> }) {
  await requirePermission("sync.read");
  const search = await searchParams;
  const parsed = runFilterSchema.safeParse(search);
  const filter = parsed.success ? parsed.data : runFilterSchema.parse({});
  const list = await listRuns(filter);

  // The filters as they go back into links: what was understood, in the form the URL carries it.
  const filters: Record<string, string | undefined> = parsed.success
    ? {
        integration: filter.integration?.toLowerCase(),
        status: filter.status,
        kind: filter.kind,
        trigger: filter.trigger,
        from: filter.from,
        to: filter.to,
        rejected: filter.rejected ? "1" : undefined,
        before: text(search.before),
        after: text(search.after),
      }
    : {};
  const filtered = Boolean(filter.integration || filter.status || filter.kind || filter.trigger || filter.from || filter.to || filter.rejected);

  return (
    <>
      <PageHeader
        title="Sync history"
        description="Every run, newest first: what started it, how long it took, what it changed and the API calls it made. Open a run for its steps and per-record results."
        actions={<LiveRefresh active={list.runs.some((r) => r.live)} everyMs={5000} label="A run is in progress" />}
      />
      {!parsed.success && (
        <div className="mb-4">
          <Alert tone="amber">Some filters in the address were not understood and were ignored.</Alert>
        </div>
      )}
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
          <RunFilters {...filters} />
          <RunsTable list={list} filters={filters} filtered={filtered} />
        </Card>
      )}
    </>
  );
}
