import type { MatchPreview, PreviewCounts } from "@/lib/matching/preview";

const OUTCOMES: (keyof Omit<PreviewCounts, "byCriterion">)[] = ["matched", "unmatched", "ambiguous", "duplicate", "excluded"];

function delta(a: number, b: number) {
  const d = b - a;
  return d === 0 ? "" : d > 0 ? `+${d}` : String(d);
}

export function CountsTable({ entity, saved, proposed }: { entity: string; saved: PreviewCounts; proposed?: PreviewCounts }) {
  const criteria = [...new Set([...Object.keys(saved.byCriterion), ...Object.keys(proposed?.byCriterion ?? {})])];
  return (
    <table className="w-full text-sm" data-testid={`counts-${entity}`}>
      <caption className="sr-only">{proposed ? `Saved and proposed rules, ${entity}` : `Current result, ${entity}`}</caption>
      <thead>
        <tr className="text-left text-xs uppercase tracking-wide text-slate-500">
          <th className="py-1 font-medium">{entity}</th>
          <th className="py-1 text-right font-medium">{proposed ? "Saved rules" : "Now"}</th>
          {proposed && <th className="py-1 text-right font-medium">Proposed</th>}
          {proposed && <th className="py-1 text-right font-medium">Change</th>}
        </tr>
      </thead>
      <tbody>
        {OUTCOMES.map((o) => (
          <tr key={o} className="border-t border-slate-100">
            <td className="py-1 capitalize">{o === "matched" ? "linked" : o}</td>
            <td className="py-1 text-right tabular-nums" data-testid={`${entity}-${o}-saved`}>{saved[o]}</td>
            {proposed && <td className="py-1 text-right tabular-nums" data-testid={`${entity}-${o}-proposed`}>{proposed[o]}</td>}
            {proposed && <td className="py-1 text-right tabular-nums text-slate-500">{delta(saved[o], proposed[o])}</td>}
          </tr>
        ))}
        {criteria.map((c) => (
          <tr key={c} className="text-xs text-slate-500" data-testid={`${entity}-by-criterion`} data-criterion={c}>
            <td className="py-0.5 pl-4">linked by {c}</td>
            <td className="py-0.5 text-right tabular-nums">{saved.byCriterion[c] ?? 0}</td>
            {proposed && <td className="py-0.5 text-right tabular-nums">{proposed.byCriterion[c] ?? 0}</td>}
            {proposed && <td className="py-0.5 text-right tabular-nums">{delta(saved.byCriterion[c] ?? 0, proposed.byCriterion[c] ?? 0)}</td>}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function ChangeSamples({ entity, preview }: { entity: string; preview: MatchPreview }) {
  const groups = [
    { key: "linked", label: "Newly linked", rows: preview.changes.linked, count: preview.changeCounts.linked },
    { key: "unlinked", label: "No longer linked", rows: preview.changes.unlinked, count: preview.changeCounts.unlinked },
    { key: "relinked", label: "Linked to a different Salesforce record", rows: preview.changes.relinked, count: preview.changeCounts.relinked },
  ];
  return (
    <div className="space-y-1 text-sm" aria-label={`Changes to ${entity}`} role="group">
      <h4 className="text-xs font-medium uppercase tracking-wide text-slate-500">Changes to {entity}</h4>
      {groups.every((g) => g.count === 0) && <p className="text-slate-600">No {entity === "users" ? "user" : "account"} would change link.</p>}
      {groups.map((g) =>
        g.count === 0 ? (
          <p key={g.key} className="text-xs text-slate-500" data-testid={`changes-${entity}-${g.key}-none`}>
            {g.label}: <span className="tabular-nums" data-testid={`changes-${entity}-${g.key}-count`}>0</span>
          </p>
        ) : (
          <details key={g.key} data-testid={`changes-${entity}-${g.key}`}>
            <summary className="cursor-pointer">
              {g.label}: <span className="tabular-nums" data-testid={`changes-${entity}-${g.key}-count`}>{g.count}</span>
              {g.count > g.rows.length ? ` (first ${g.rows.length} shown)` : ""}
            </summary>
            <ul className="ml-4 mt-1 font-mono text-xs text-slate-700">
              {g.rows.map((r) => (
                <li key={r.analyticsId}>
                  {r.analyticsId}: {r.before ?? "–"} → {r.after ?? "–"}
                </li>
              ))}
            </ul>
          </details>
        ),
      )}
    </div>
  );
}
