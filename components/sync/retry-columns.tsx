import type { Column } from "@/components/ui/table";
import { RecordRetryActions } from "@/components/sync/record-retry-actions";
import { RETRY_CHECKBOX } from "@/components/sync/retry-toolbar";
import type { RecordRow } from "@/lib/sync/history/run-detail";
import type { RunRetryView } from "@/lib/sync/retry/run-retry-view";

/** The records table's extra columns for an admin: a checkbox per failed write, and its actions. */
export function retryColumns(runId: string, view: RunRetryView): { select: Column<RecordRow>; actions: Column<RecordRow> } {
  const label = (r: RecordRow) => r.name ?? r.recordId;
  return {
    select: {
      key: "select",
      header: <span className="sr-only">Select</span>,
      cell: (r) =>
        view.rows[r.id]?.retryable ? (
          <input
            type="checkbox"
            name={RETRY_CHECKBOX}
            value={JSON.stringify({ system: r.system, object: r.object, recordId: r.recordId })}
            aria-label={`Select ${label(r)} for retry`}
            className="h-4 w-4 rounded border-slate-300"
          />
        ) : null,
    },
    actions: {
      key: "actions",
      header: "Actions",
      cell: (r) => {
        const row = view.rows[r.id];
        if (!row || (!row.retryable && !row.dismissable && !row.dismissal)) return null;
        return <RecordRetryActions runId={runId} resultId={r.id} record={{ system: r.system, object: r.object, recordId: r.recordId }} label={label(r)} view={row} />;
      },
    },
  };
}
