import Link from "next/link";
import { clsx } from "clsx";
import { Alert } from "@/components/ui/card";
import { queryHref } from "@/components/ui/table";
import { NoData, Section } from "@/components/accounts/account-page/section";
import { CHANGE_SPANS, changeParams, type ChangeSelection } from "@/lib/accounts/account-page-change";
import type { ViewerFormat } from "@/lib/accounts/account-page-format";
import type { ChangeNote, ChangeSection } from "@/lib/accounts/account-page-why";

function noteText(note: ChangeNote, fmt: ViewerFormat): string {
  switch (note.kind) {
    case "no-score-by":
      return `The account has no score on or before ${fmt.day(note.day)}: it was first scored on ${fmt.day(note.firstScored)}. ${
        note.side === "before" ? "Pick a shorter span, or a first day from then on." : "Pick a later second day."
      }`;
    case "used-earlier":
      return `There is no score on ${fmt.day(note.asked)}, so the newest scored day before it, ${fmt.day(note.used)}, is used.`;
    case "only-day":
      return `The account has one scored day so far, ${fmt.day(note.day)}. Health is scored at every Synchronize and daily on schedule: there is a change to explain from the next scoring on.`;
    case "same-day":
      return `Both days fall on the same scored day, ${fmt.day(note.day)}, so there is nothing to compare. Pick days further apart.`;
  }
}

const spanLabel = (days: number) => (days === 1 ? "1 day" : `${days} days`);

function Selector({ path, selection, newest, firstScored }: { path: string; selection: ChangeSelection; newest: string; firstScored: string }) {
  return (
    <div className="flex flex-wrap items-end gap-4 text-sm">
      <nav aria-label="Compare with" className="flex items-center gap-1">
        <span className="mr-1 text-xs text-slate-600">Newest day against</span>
        {CHANGE_SPANS.map((days) => {
          const current = selection.kind === "span" && selection.days === days;
          return (
            <Link
              key={days}
              href={`${queryHref(path, changeParams({ kind: "span", days }))}#why`}
              aria-current={current ? "true" : undefined}
              className={clsx("rounded-md border px-2 py-1", current ? "border-brand-600 bg-brand-50 font-medium text-brand-900" : "border-slate-300 text-slate-700 hover:bg-slate-50")}
            >
              {spanLabel(days)} before
            </Link>
          );
        })}
      </nav>
      <form method="get" action={`${path}#why`} className="flex flex-wrap items-end gap-2" aria-label="Compare two days">
        <label className="flex flex-col text-xs text-slate-600">
          From
          <input type="date" name="from" required min={firstScored} max={newest} defaultValue={selection.kind === "days" ? selection.from : ""} className="rounded border border-slate-300 px-2 py-1 text-sm" />
        </label>
        <label className="flex flex-col text-xs text-slate-600">
          To
          <input type="date" name="to" required min={firstScored} max={newest} defaultValue={selection.kind === "days" ? selection.to : ""} className="rounded border border-slate-300 px-2 py-1 text-sm" />
        </label>
        <button type="submit" className="rounded-md border border-slate-300 bg-white px-3 py-1 text-sm font-medium text-slate-800 hover:bg-slate-50">
          Compare
        </button>
      </form>
    </div>
  );
}

export function WhyItChanged({ path, change, newest, invalid, fmt }: { path: string; change: ChangeSection | null; newest: string | null; invalid: string | null; fmt: ViewerFormat }) {
  if (!change || !newest) {
    return (
      <Section id="why" title="Why it changed">
        <NoData testId="why-empty">No score yet, so nothing to compare: run Synchronize on the Integrations page. Once the account is scored on two days, this explains the change measure by measure.</NoData>
      </Section>
    );
  }
  const c = change.change;
  return (
    <Section id="why" title="Why it changed" description="The change in the computed score between two scored days, split by measure: each part is the change in that measure’s points.">
      <Selector path={path} selection={change.selection} newest={newest} firstScored={change.firstScored} />
      <div className="mt-4 space-y-2">
        {invalid && <Alert tone="amber">{invalid} The newest day is compared with 7 days before instead.</Alert>}
        {change.notes.map((n, i) => (
          <p key={i} className="text-sm text-slate-600" data-testid="change-note">
            {noteText(n, fmt)}
          </p>
        ))}
        {c && (
          <>
            <p className="text-sm font-medium text-slate-900" data-testid="change-summary">
              {c.summary}
            </p>
            {c.modelNote && (
              <Alert tone="amber">
                <span data-testid="change-model-note">{c.modelNote}</span>
              </Alert>
            )}
            {c.parts.length > 0 && (
              <ol className="mt-2 space-y-1.5 text-sm" aria-label="Changes by measure, largest first">
                {c.parts.map((p) => (
                  <li key={p.key} className="flex gap-3" data-testid="change-part">
                    <span className={clsx("w-20 shrink-0 text-right tabular-nums font-medium", p.change > 0 ? "text-green-700" : p.change < 0 ? "text-red-700" : "text-slate-500")}>
                      {fmt.signed(p.change, 1)}
                    </span>
                    <span className="text-slate-700">{p.sentence}</span>
                  </li>
                ))}
              </ol>
            )}
          </>
        )}
      </div>
    </Section>
  );
}
