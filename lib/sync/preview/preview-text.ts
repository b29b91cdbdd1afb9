import type { PreviewResult } from "@/lib/sync/preview/run-preview";
import type { PreviewObject, PreviewSummary } from "@/lib/sync/preview/preview-summary";

// `cli sync --dry-run` as text: one line per object and direction, so grep and head work on it.

const LABEL = { salesforce: "Salesforce", pendo: "Pendo", px: "Gainsight PX" } as const;
const f = (n: number) => n.toLocaleString("en-US");
const OBJECT = { account: "accounts", contact: "contacts", user: "users" } as const;

const value = (v: unknown) => (v === null || v === undefined ? "(empty)" : typeof v === "string" ? JSON.stringify(v) : String(v));

function objectLine(o: PreviewObject): string {
  const from = o.system === "salesforce" ? LABEL[o.tool] : "Salesforce";
  const what = `${from} → ${LABEL[o.system]} ${OBJECT[o.object]}`;
  if (o.note) return `${what}: ${o.note}`;
  return `${what}: ${f(o.creates)} to create, ${f(o.updates)} to update, ${f(o.unchanged)} unchanged, ${f(o.skipped)} with nothing to write, ${f(o.invalid)} invalid (${f(o.linked)} linked)`;
}

function summaryLines(s: PreviewSummary): string[] {
  const lines = [`Hub as last pulled from Salesforce: ${s.hubPulledAt ?? "never"}`, ...s.objects.map(objectLine)];
  for (const m of s.matching) {
    const c = (x: PreviewSummary["matching"][number]["accounts"]) =>
      `${f(x.matched)} matched, ${f(x.ambiguous)} ambiguous, ${f(x.duplicate)} duplicate, ${f(x.unmatched)} unmatched, ${f(x.excluded)} excluded; a re-match would link ${f(x.wouldLink)}, unlink ${f(x.wouldUnlink)}, move ${f(x.wouldRelink)}`;
    lines.push(`Matching ${LABEL[m.tool]} accounts: ${c(m.accounts)}`, `Matching ${LABEL[m.tool]} users: ${c(m.contacts)}`);
  }
  if (s.samples.length) lines.push("Sample of the writes (before → after):");
  for (const sample of s.samples) {
    const fields = Object.entries(sample.fields).map(([k, v]) => `${k}: ${value(v.before)} → ${value(v.after)}`);
    lines.push(`  ${sample.system} ${sample.object} ${sample.recordId}: ${fields.join("; ")}`);
  }
  for (const c of s.apiCalls) lines.push(`API calls to ${LABEL[c.system]}: ${f(c.writes)} to write, ${c.reads === null ? "reads unknown (never pulled)" : `about ${f(c.reads)} to pull (as the last pull did)`}`);
  if (s.budget) {
    const b = s.budget;
    lines.push(`Salesforce allowance: a real run needs about ${f(b.needed)}, may use ${f(b.allowed)} now; ${f(b.remaining)} of ${f(b.max)} daily requests left${b.fits ? "" : " (it would stop part-way)"}`);
  } else lines.push("Salesforce allowance: could not be read (see the run's steps).");
  return [...lines, ...s.notes.map((n) => `Note: ${n}`)];
}

export function previewText(result: PreviewResult): string {
  const what = result.system === "SALESFORCE" ? "Synchronize all" : `${result.system === "PENDO" ? LABEL.pendo : LABEL.px} Synchronize`;
  const head = `Preview of ${what} (run ${result.runId}): ${result.status.toLowerCase()}; nothing was written${result.error ? `. ${result.error}` : ""}`;
  return [head, ...(result.summary ? summaryLines(result.summary) : [])].join("\n");
}
