import { AppError } from "@/lib/errors";
import { route } from "@/lib/http/route";
import { csvDownload } from "@/lib/http/csv-stream";
import { runIdSchema } from "@/lib/sync/history/params";
import { recordCsv } from "@/lib/sync/history/record-csv";
import { runExists } from "@/lib/sync/history/run-exists";
import { allRunRecords, recordFilterSchema } from "@/lib/sync/history/run-detail";

// A run's record results as the page filters them (outcome, operation, error code, search), every page.
const exportSchema = recordFilterSchema.omit({ page: true, pageSize: true });

export const GET = route({ permission: "sync.read", query: exportSchema }, async ({ params, query, user }) => {
  const id = runIdSchema.safeParse(params.id);
  if (!id.success || !(await runExists(id.data))) throw new AppError("NOT_FOUND", "No such run: it may have been removed. Open Sync history to find it.");
  return csvDownload(allRunRecords(id.data, query, user), recordCsv, { filename: `clearinghouse-run-${id.data}.csv`, what: "run records", batchSize: 1000 });
});
