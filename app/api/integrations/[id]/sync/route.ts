import { route } from "@/lib/http/route";
import { enqueueSync } from "@/lib/sync/push/enqueue-sync";

// "Synchronize" on a Pendo or PX card: the worker pulls, matches and pushes; pressing twice runs one sync.
export const POST = route({ permission: "sync.run" }, async ({ params, user }) => {
  const { jobId } = await enqueueSync(params.id ?? "", user.email);
  return { jobId, message: "Synchronize queued: pull, match, then push into Salesforce. Sync history shows each step." };
});
