import { NoData, Section } from "@/components/accounts/account-page/section";
import { ScoreTrendChart } from "@/components/accounts/account-page/score-trend-chart";
import type { TrendSection } from "@/lib/accounts/account-page-health";
import type { ViewerFormat } from "@/lib/accounts/account-page-format";
import type { ColourBands } from "@/lib/health/model";

/** The chart's text alternative: what a reader of the chart would take from it. */
export function trendSentence(trend: TrendSection, fmt: ViewerFormat): string {
  const { scored, first, last, lowest, highest } = trend.summary;
  if (scored === 0) return `No day from ${fmt.day(trend.from)} to ${fmt.day(trend.to)} has a score: every measure was missing.`;
  const score = (n: number | null) => fmt.number(n, 1);
  let text = `${fmt.number(scored, 0)} scored day${scored === 1 ? "" : "s"} from ${fmt.day(trend.from)} to ${fmt.day(trend.to)}.`;
  if (first && last && first !== last) text += ` The score went from ${score(first.score)} on ${fmt.day(first.day)} to ${score(last.score)} on ${fmt.day(last.day)}`;
  else if (last) text += ` The score was ${score(last.score)} on ${fmt.day(last.day)}`;
  if (lowest && highest && lowest !== highest) text += `; lowest ${score(lowest.score)} on ${fmt.day(lowest.day)}, highest ${score(highest.score)} on ${fmt.day(highest.day)}`;
  text += ".";
  for (const m of trend.markers) text += ` From ${fmt.day(m.day)} model version ${fmt.number(m.to, 0)} scored it (before: version ${fmt.number(m.from, 0)}).`;
  return text;
}

export function ScoreTrend({ trend, bands, fmt }: { trend: TrendSection | null; bands: ColourBands | null; fmt: ViewerFormat }) {
  if (!trend || !bands) {
    return (
      <Section id="trend" title="Health over 90 days">
        <NoData testId="trend-empty">No score yet, so no trend: the chart starts with the first Synchronize that scores this account.</NoData>
      </Section>
    );
  }
  return (
    <Section
      id="trend"
      title="Health over 90 days"
      description="The computed score of each scored day (an override is not drawn), on the account's colour bands. A dashed line marks the first day a new model version scored it."
    >
      <figure>
        <figcaption className="mb-2 text-sm text-slate-700" data-testid="trend-summary">
          {trendSentence(trend, fmt)}
        </figcaption>
        {trend.points.length > 0 && <ScoreTrendChart points={trend.points} markers={trend.markers} from={trend.from} to={trend.to} bands={bands} locale={fmt.locale} />}
      </figure>
      {trend.points.length > 0 && (
        <details className="mt-2 text-sm">
          <summary className="cursor-pointer text-brand-700 hover:underline">The scores as a table</summary>
          <div className="mt-2 max-h-72 overflow-y-auto">
            <table className="w-full text-sm" aria-label="Health score by day">
              <thead>
                <tr className="border-b border-slate-200 text-left text-xs uppercase tracking-wide text-slate-500">
                  <th scope="col" className="py-1 pr-3 font-medium">
                    Day
                  </th>
                  <th scope="col" className="py-1 pr-3 text-right font-medium">
                    Score
                  </th>
                  <th scope="col" className="py-1 pr-3 font-medium">
                    Colour
                  </th>
                  <th scope="col" className="py-1 pr-3 text-right font-medium">
                    Model version
                  </th>
                </tr>
              </thead>
              <tbody>
                {[...trend.points].reverse().map((p) => (
                  <tr key={p.day} className="border-b border-slate-100" data-testid="trend-row">
                    <td className="py-1 pr-3">{fmt.day(p.day)}</td>
                    <td className="py-1 pr-3 text-right tabular-nums">{fmt.number(p.score, 1)}</td>
                    <td className="py-1 pr-3">{p.colour ?? "—"}</td>
                    <td className="py-1 pr-3 text-right tabular-nums">{fmt.number(p.modelVersion, 0)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </details>
      )}
    </Section>
  );
}
