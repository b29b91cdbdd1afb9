import { route } from "@/lib/http/route";
import { listRuns, runFilterSchema } from "@/lib/sync/history/list-runs";

export const GET = route({ permission: "sync.read", query: runFilterSchema }, async ({ query }) => listRuns(query));
