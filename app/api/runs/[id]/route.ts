import { AppError } from "@/lib/errors";
import { route } from "@/lib/http/route";
import { runIdSchema } from "@/lib/sync/history/params";
import { loadRunPage, recordFilterSchema } from "@/lib/sync/history/run-detail";

export const GET = route({ permission: "sync.read", query: recordFilterSchema }, async ({ params, query, user }) => {
  const id = runIdSchema.safeParse(params.id);
  const page = id.success ? await loadRunPage(id.data, query, user) : null;
  if (!page) throw new AppError("NOT_FOUND", "No such run: it may have been removed. Open Sync history to find it.");
  return page;
});
