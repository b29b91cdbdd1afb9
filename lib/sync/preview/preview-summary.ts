import { z } from "zod";

// What a preview found, kept in its run's `scope` (SyncRun.scope) so the run page, the history and
// `cli sync --dry-run --json` all read the same figures. Parsed with zod on the way out: a summary
// an older worker wrote, or a scope that is not a preview's, reads as null rather than breaking a page.

const count = z.number().int().nonnegative();
const system = z.enum(["salesforce", "pendo", "px"]);

/** One object of one write direction: what a real run would do with each linked record. */
export const previewObjectSchema = z.object({
  /** The tool whose run this is ("pendo" or "px"). */
  tool: z.enum(["pendo", "px"]),
  /** The system written into. */
  system,
  object: z.enum(["account", "contact", "user"]),
  linked: count,
  /** Always 0 today: a push only updates records matching linked; it never creates one. */
  creates: count,
  updates: count,
  unchanged: count,
  /** Linked records with nothing mapped to write (every mapped value empty, or "only when empty" kept). */
  skipped: count,
  /** Values a real run would refuse to send (each listed on the run page with how to fix it). */
  invalid: count,
  /** Set when this direction would not write at all (a read-only key, no mapping), with why. */
  note: z.string().nullable(),
});
export type PreviewObject = z.infer<typeof previewObjectSchema>;

export const previewSampleSchema = z.object({
  system,
  object: z.enum(["account", "contact", "user"]),
  recordId: z.string(),
  fields: z.record(z.string(), z.object({ before: z.unknown(), after: z.unknown() })),
});
export type PreviewSample = z.infer<typeof previewSampleSchema>;

const matchCounts = z.object({
  matched: count,
  unmatched: count,
  ambiguous: count,
  duplicate: count,
  excluded: count,
  /** Links a re-match would add, remove or move compared with the links stored now. */
  wouldLink: count,
  wouldUnlink: count,
  wouldRelink: count,
});
export type PreviewMatchCounts = z.infer<typeof matchCounts>;

export const previewMatchSchema = z.object({ tool: z.enum(["pendo", "px"]), accounts: matchCounts, contacts: matchCounts });
export type PreviewMatch = z.infer<typeof previewMatchSchema>;

export const previewApiCallsSchema = z.object({
  system,
  /** Calls the writes would take, from the chunk sizes the real writers use. */
  writes: count,
  /** Calls the last pull of this system took: about what a real run's pull takes again; null when it was never pulled. */
  reads: count.nullable(),
});
export type PreviewApiCalls = z.infer<typeof previewApiCallsSchema>;

export const previewBudgetSchema = z.object({
  /** Salesforce calls a real run would need: its writes plus a pull like the last one. */
  needed: count,
  /** What one run may use now: the smallest of the org's remaining requests and the API budget's shares. */
  allowed: count,
  /** The org's daily allowance, and what is left of it in Salesforce's rolling 24 hours. */
  max: count,
  remaining: count,
  fits: z.boolean(),
});
export type PreviewBudget = z.infer<typeof previewBudgetSchema>;

export const previewSummarySchema = z.object({
  preview: z.literal(true),
  /** When the hub was last pulled from Salesforce: the preview reads the hub as it stands. */
  hubPulledAt: z.string().nullable(),
  objects: z.array(previewObjectSchema),
  /** A few records per object with each field's value before → after. */
  samples: z.array(previewSampleSchema),
  matching: z.array(previewMatchSchema),
  apiCalls: z.array(previewApiCallsSchema),
  /** Null when Salesforce's allowance could not be read. */
  budget: previewBudgetSchema.nullable(),
  /** Sentences about what the figures cannot know (links a re-match would change, a spent budget). */
  notes: z.array(z.string()),
});
export type PreviewSummary = z.infer<typeof previewSummarySchema>;

/** The preview summary a run's scope holds, or null when it holds none. */
export function readPreviewSummary(scope: unknown): PreviewSummary | null {
  const parsed = previewSummarySchema.safeParse(scope);
  return parsed.success ? parsed.data : null;
}
