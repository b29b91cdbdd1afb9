import type { RunKind } from "@/lib/generated/prisma/client";
import { readPreviewSummary, type PreviewSummary } from "@/lib/sync/preview/preview-summary";

/**
 * A preview's summary as the run page and GET /api/runs/[id] show it: counts, matching, API calls
 * and notes, without the sample of field values (those name accounts; the record table shows them
 * per record, withheld from readers outside the account's sharing groups).
 */
export type PreviewView = Omit<PreviewSummary, "samples">;

export function previewView(kind: RunKind, scope: unknown): PreviewView | null {
  if (kind !== "PREVIEW") return null;
  const summary = readPreviewSummary(scope);
  if (!summary) return null;
  const { samples: _samples, ...view } = summary;
  return view;
}
