import Link from "next/link";
import { LocalTime } from "@/components/sync/local-time";
import { formatCount } from "@/lib/sync/history/format";
import type { RunDetail } from "@/lib/sync/history/run-detail";
import type { PreviewMatchCounts } from "@/lib/sync/preview/preview-summary";

// The top of a preview's run page: it says first that nothing was written, then what a real
// Synchronize would do, per object, with the matches it would leave out and the API calls it
// would need against today's allowance. The record table below lists each write ("would-write").

const LABEL = { salesforce: "Salesforce", pendo: "Pendo", px: "Gainsight PX" } as const;
const OBJECTS = { account: "accounts", contact: "contacts", user: "users" } as const;

function Exceptions({ label, c }: { label: string; c: PreviewMatchCounts }) {
  const moved = c.wouldLink + c.wouldUnlink + c.wouldRelink;
  return (
    <li>
      <span className="font-medium">{label}</span>: {formatCount(c.matched)} linked, {formatCount(c.ambiguous)} ambiguous, {formatCount(c.duplicate)} duplicate, {formatCount(c.unmatched)} unmatched
      {moved > 0 && `; a re-match would change ${formatCount(moved)} link${moved === 1 ? "" : "s"}`}
    </li>
  );
}

export function PreviewBanner({ run }: { run: RunDetail }) {
  if (run.kind !== "PREVIEW") return null;
  const p = run.preview;
  return (
    <section aria-label="Preview" data-testid="preview-banner" className="mb-6 rounded-lg border border-blue-200 bg-blue-50 p-5 shadow-sm">
      <h2 className="font-semibold text-blue-900">Preview — nothing was written</h2>
      <p className="mt-1 text-sm text-blue-900">
        What a Synchronize would do now, worked out from the hub as last pulled
        {p?.hubPulledAt ? (
          <>
            {" "}
            (<LocalTime iso={p.hubPulledAt} />)
          </>
        ) : null}
        . No vendor was written to, and no push state, link or pull position changed: the next real run still does all of it.
      </p>
      {!p && <p className="mt-2 text-sm text-blue-900">{run.live ? "The preview is being worked out; this page refreshes itself." : "This preview recorded no findings; its steps say why."}</p>}
      {p && (
        <>
          <table className="mt-3 w-full text-left text-sm" aria-label="What a real run would write">
            <thead className="text-xs uppercase tracking-wide text-blue-800">
              <tr>
                <th className="py-1 pr-3 font-medium">Writes</th>
                <th className="py-1 pr-3 text-right font-medium">Create</th>
                <th className="py-1 pr-3 text-right font-medium">Update</th>
                <th className="py-1 pr-3 text-right font-medium">Unchanged</th>
                <th className="py-1 pr-3 text-right font-medium">Nothing to write</th>
                <th className="py-1 text-right font-medium">Invalid</th>
              </tr>
            </thead>
            <tbody className="text-slate-800">
              {p.objects.map((o) => (
                <tr key={`${o.tool}-${o.system}-${o.object}`} data-testid="preview-object" className="border-t border-blue-100">
                  <td className="py-1 pr-3">
                    {o.system === "salesforce" ? LABEL[o.tool] : "Salesforce"} → {LABEL[o.system]} {OBJECTS[o.object]}
                    {o.note && <div className="text-xs text-slate-600">{o.note}</div>}
                  </td>
                  <td className="py-1 pr-3 text-right">{formatCount(o.creates)}</td>
                  <td className="py-1 pr-3 text-right font-medium" data-testid="preview-updates">
                    {formatCount(o.updates)}
                  </td>
                  <td className="py-1 pr-3 text-right">{formatCount(o.unchanged)}</td>
                  <td className="py-1 pr-3 text-right">{formatCount(o.skipped)}</td>
                  <td className="py-1 text-right">{formatCount(o.invalid)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <p className="mt-2 text-sm">
            <Link href={`/sync/${run.id}?outcome=would-write`} className="text-brand-700 hover:underline">
              See each write, field by field (before → after)
            </Link>
          </p>
          {p.matching.length > 0 && (
            <ul className="mt-3 space-y-0.5 text-sm text-slate-800" aria-label="Matching">
              {p.matching.flatMap((m) => [
                <Exceptions key={`${m.tool}-a`} label={`${LABEL[m.tool]} accounts`} c={m.accounts} />,
                <Exceptions key={`${m.tool}-u`} label={`${LABEL[m.tool]} users`} c={m.contacts} />,
              ])}
            </ul>
          )}
          <p className="mt-3 text-sm text-slate-800" data-testid="preview-api-calls">
            API calls a real run would need:{" "}
            {p.apiCalls.map((c) => `${LABEL[c.system]} ${formatCount(c.writes)} to write${c.reads === null ? "" : ` + about ${formatCount(c.reads)} to pull`}`).join(" · ")}
            {p.budget
              ? `. Salesforce: about ${formatCount(p.budget.needed)} needed, ${formatCount(p.budget.allowed)} allowed for one run now (${formatCount(p.budget.remaining)} of ${formatCount(p.budget.max)} daily requests left).`
              : ". Salesforce's allowance could not be read."}
          </p>
          {p.notes.length > 0 && (
            <ul className="mt-3 list-disc space-y-1 pl-5 text-sm text-amber-900">
              {p.notes.map((n) => (
                <li key={n}>{n}</li>
              ))}
            </ul>
          )}
        </>
      )}
    </section>
  );
}
