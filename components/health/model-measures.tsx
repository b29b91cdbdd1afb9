import type { HealthMeasure, HealthModel } from "@/lib/health/model";

// A model version as CSMs and admins read it: each measure, where its value comes from, its share
// of the score and how a value becomes 0–100 points.

function sourceText(m: HealthMeasure, kpiNames: ReadonlyMap<string, string>): string {
  if (m.source.kind === "kpi") return `KPI ${kpiNames.get(m.source.key) ?? m.source.key} (${m.source.key})`;
  if (m.source.kind === "support") return "Salesforce Cases created in the 30 days";
  return `Salesforce field ${m.source.field}`;
}

function scaleText(m: HealthMeasure): string {
  const n = m.normalisation;
  if (n.kind === "linear") {
    const [low, high] = m.direction === "higher-is-better" ? [n.min, n.max] : [n.max, n.min];
    return `${low} or ${m.direction === "higher-is-better" ? "less" : "more"} scores 0; ${high} or ${m.direction === "higher-is-better" ? "more" : "less"} scores 100; linear between`;
  }
  return [...n.tiers.map((t) => `up to ${t.upTo}: ${t.points}`), `above: ${n.abovePoints}`].join("; ");
}

export function ModelMeasures({ model, kpiNames }: { model: HealthModel; kpiNames: ReadonlyMap<string, string> }) {
  const total = model.measures.reduce((s, m) => s + m.weight, 0);
  return (
    <div className="overflow-x-auto">
      <table className="w-full text-left text-sm">
        <thead>
          <tr className="text-xs uppercase tracking-wide text-slate-500">
            <th className="pb-1 pr-3 font-medium">Measure</th>
            <th className="pb-1 pr-3 font-medium">From</th>
            <th className="pb-1 pr-3 text-right font-medium">Share</th>
            <th className="pb-1 font-medium">Points</th>
          </tr>
        </thead>
        <tbody>
          {model.measures.map((m) => (
            <tr key={m.key} className="border-t border-slate-100 align-top">
              <td className="py-2 pr-3 text-slate-900">
                {m.label}
                {m.group && <span className="block text-xs text-slate-500">{m.group}</span>}
              </td>
              <td className="py-2 pr-3 text-slate-700">{sourceText(m, kpiNames)}</td>
              <td className="py-2 pr-3 text-right tabular-nums text-slate-700">{((m.weight / total) * 100).toFixed(0)}%</td>
              <td className="py-2 text-slate-700">{scaleText(m)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="mt-3 text-sm text-slate-600">
        Red below {model.bands.red}, yellow below {model.bands.green}, green from {model.bands.green}
        {model.bands.critical !== undefined ? `; critical below ${model.bands.critical}` : ""}.
        {model.segments && model.segments.values.length > 0
          ? ` By ${model.segments.field}: ${model.segments.values.map((s) => `${s.value} red below ${s.bands.red}, green from ${s.bands.green}`).join("; ")}.`
          : ""}{" "}
        {model.anyRedIsRed ? "Any measure in the red makes the account red." : "A single red measure does not make the account red by itself."} A measure with no value is left
        out and the others share its weight; the score names what was missing.
      </p>
    </div>
  );
}
