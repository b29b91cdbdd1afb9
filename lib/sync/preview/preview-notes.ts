import type { PreviewSummary } from "@/lib/sync/preview/preview-summary";

// The sentences a preview adds to its figures: what they cannot know, and what a real run would
// run into. Pure, so the wording is tested without a database.

const TOOL_LABEL = { pendo: "Pendo", px: "Gainsight PX" } as const;
const f = (n: number) => n.toLocaleString("en-US");
const plural = (n: number, one: string, many = `${one}s`) => `${f(n)} ${n === 1 ? one : many}`;

export function previewNotes(summary: Omit<PreviewSummary, "notes">): string[] {
  const notes: string[] = [];
  if (!summary.hubPulledAt) notes.push("Salesforce has never been pulled into the hub, so there is nothing to compare yet. Run Pull now on the Salesforce card (or Synchronize), then preview again.");
  for (const m of summary.matching) {
    const changed = [m.accounts, m.contacts].reduce((n, c) => n + c.wouldLink + c.wouldUnlink + c.wouldRelink, 0);
    if (changed > 0) {
      notes.push(
        `Matching ${TOOL_LABEL[m.tool]} now would change ${plural(changed, "link")}; this preview planned the writes over the links stored now. A real run re-matches after its pull, so those records may be written differently.`,
      );
    }
    const exceptions = m.accounts.ambiguous + m.accounts.duplicate + m.contacts.ambiguous + m.contacts.duplicate;
    if (exceptions > 0) notes.push(`${plural(exceptions, `${TOOL_LABEL[m.tool]} record`)} match ambiguously or share a key with another: they have no link, so nothing is written for them. The Exceptions page lists each.`);
  }
  const budget = summary.budget;
  if (budget && !budget.fits) {
    notes.push(
      `A real run would need about ${plural(budget.needed, "Salesforce API call")} and may use ${f(budget.allowed)} now: it would stop at that limit and the next run would continue. Raise the API budget on the Salesforce card, or run it later.`,
    );
  }
  return notes;
}
