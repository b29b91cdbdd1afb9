import { route } from "@/lib/http/route";
import { requestCancel } from "@/lib/sync/cancel";

// Cancel on the run page: a queued run is cancelled at once; a running one stops at its next batch
// boundary, keeping everything it committed (the page shows CANCELLED when it has).
export const POST = route({ permission: "sync.run" }, async ({ params, user }) => {
  const { status } = await requestCancel(params.id ?? "", user);
  return {
    status,
    message: status === "CANCELLED" ? "Cancelled before it started." : "Cancelling: the run stops after the batch it is writing, and keeps what it wrote before.",
  };
});
