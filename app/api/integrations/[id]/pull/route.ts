import { route } from "@/lib/http/route";
import { enqueuePull } from "@/lib/sync/pull/enqueue-pull";

// "Pull now" on a card: the worker runs it (and matching after it); pressing twice queues one pull.
export const POST = route({ permission: "sync.run" }, async ({ params, user }) => {
  const { jobId } = await enqueuePull(params.id ?? "", "manual", user.email);
  return { jobId, message: "Pull queued. The card shows its progress; matching runs when it finishes." };
});
