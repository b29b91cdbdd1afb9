import Link from "next/link";
import { notFound } from "next/navigation";
import { z } from "zod";
import { requirePermission } from "@/app/_auth/require";
import { PageHeader } from "@/components/ui/card";
import { LiveRefresh } from "@/components/sync/live-refresh";
import { RecordResults } from "@/components/sync/record-results";
import { RunSummary } from "@/components/sync/run-summary";
import { RunProgressPanel } from "@/components/sync/run-progress";
import { PreviewBanner } from "@/components/sync/preview-banner";
import { StepTimeline } from "@/components/sync/step-timeline";
import { FailedCalls } from "@/components/sync/failed-calls";
import { CancelRun } from "@/components/sync/cancel-run";
import { can } from "@/lib/auth/permissions";
import { cancelRequestedBy } from "@/lib/sync/cancel";
import { runIdSchema } from "@/lib/sync/history/params";
import { recordFilterSchema } from "@/lib/sync/history/run-detail";
import { loadRunPageWithRetries } from "@/lib/sync/retry/run-retry-view";
import { RetryLinks } from "@/components/sync/retry-links";
import { RetryToolbar } from "@/components/sync/retry-toolbar";
import { retryColumns } from "@/components/sync/retry-columns";
import { AddressNotUnderstood } from "@/components/ui/address-notice";

export const metadata = { title: "Sync run" };

const paramsSchema = z.object({ runId: runIdSchema });
const KIND_LABEL = { PULL: "pull", MATCH: "re-match", SYNC: "sync", USAGE: "usage refresh", RETRY: "retry", PREVIEW: "preview" } as const;

export default async function SyncRunPage({
  params,
  searchParams,
}: {
  params: Promise<{ runId: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const user = await requirePermission("sync.read");
  const route = paramsSchema.safeParse(await params);
  if (!route.success) notFound();
  const parsed = recordFilterSchema.safeParse(await searchParams);
  const filter = parsed.success ? parsed.data : recordFilterSchema.parse({});
  const page = await loadRunPageWithRetries(route.data.runId, filter, user);
  if (!page) notFound();
  const { run, records, retry, failedCalls } = page;
  // Retries and dismissals are for admins and operations; a run still writing has nothing settled to retry.
  const canRetry = !run.live && run.kind !== "PREVIEW" && can(user.role, "sync.retry");
  const canCancel = run.live && can(user.role, "sync.run");
  const cancelBy = canCancel ? await cancelRequestedBy(run.id) : null;

  return (
    <>
      <div className="mb-2 text-sm">
        <Link href="/sync" className="text-brand-700 hover:underline">
          ← Sync history
        </Link>
      </div>
      <PageHeader
        title={`${run.integration} ${KIND_LABEL[run.kind]}`}
        description={`Run ${run.id}`}
        actions={
          <span className="flex items-center gap-3">
            {canCancel && <CancelRun runId={run.id} requestedBy={cancelBy} />}
            <LiveRefresh active={run.live} everyMs={2000} label={run.status === "QUEUED" ? "Queued" : "Running"} />
          </span>
        }
      />
      {!parsed.success && <AddressNotUnderstood />}
      <PreviewBanner run={run} />
      <RunSummary run={run} />
      <RunProgressPanel progress={run.progress} />
      <RetryLinks view={retry} />
      <StepTimeline steps={run.steps} live={run.live} />
      <FailedCalls calls={failedCalls} steps={run.steps} />
      <RecordResults
        run={run}
        records={records}
        filter={filter}
        retry={canRetry ? { ...retryColumns(run.id, retry), toolbar: retry.failedWrites > 0 ? <RetryToolbar runId={run.id} failedWrites={retry.failedWrites} /> : null } : undefined}
      />
    </>
  );
}
