import { z } from "zod";
import { route } from "@/lib/http/route";
import { enqueuePreview } from "@/lib/sync/preview/enqueue-preview";

// "Preview" beside Synchronize: the worker works out what a sync would write, and writes nothing.
// Answers with the run the button opens; pressing again while one is queued or running answers with it.
const params = z.object({ id: z.string().trim().min(1).max(40) });

export const POST = route({ permission: "sync.preview", params }, async ({ params, user }) => {
  const { runId, started } = await enqueuePreview(params.id, user.email);
  return { runId, message: started ? "Preview queued: its page shows what a Synchronize would write. Nothing is written." : "A preview of this integration is already queued or running: its page follows it." };
});
