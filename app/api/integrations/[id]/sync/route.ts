import { route } from "@/lib/http/route";
import { enqueueSync } from "@/lib/sync/push/enqueue-sync";

// "Synchronize" on a card (on Salesforce's: every tool): the worker pulls, matches and pushes both
// ways; pressing again while it runs answers with the same run.
export const POST = route({ permission: "sync.run" }, async ({ params, user }) => {
  const { runId, started } = await enqueueSync(params.id ?? "", "manual", user.email);
  return { runId, message: started ? "Synchronize queued: pull, match, then push both ways. The card shows each step." : "A sync of this integration is already queued or running: the card follows it." };
});
