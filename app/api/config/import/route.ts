import { z } from "zod";
import { route } from "@/lib/http/route";
import { applyImport } from "@/lib/config/apply-import";
import { previewImport } from "@/lib/config/preview-import";

// The file travels as its text (so a malformed one is answered with a sentence, like any other
// problem) or as its parsed JSON. Without `apply` nothing is written: the answer is the preview.
const importBody = z.object({
  config: z.union([z.string(), z.looseObject({})], { error: "Send the configuration file as config: its text, or its JSON object." }),
  apply: z.boolean({ error: "apply is true to apply the file, false (or left out) to preview it." }).optional(),
});

export const POST = route({ permission: "settings.manage", body: importBody }, async ({ body, user, ip }) =>
  body.apply ? { applied: true, ...(await applyImport(body.config, { actor: user, ip })) } : { applied: false, preview: await previewImport(body.config), rematches: [] },
);
