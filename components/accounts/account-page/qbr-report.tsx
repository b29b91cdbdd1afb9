import Link from "next/link";
import { AdoptionChart } from "@/components/accounts/account-page/adoption-chart";
import { ColourBadge } from "@/components/accounts/account-page/colour-badge";
import { personText } from "@/components/accounts/account-page/product-usage";
import { ScoreTrendChart } from "@/components/accounts/account-page/score-trend-chart";
import type { ViewerFormat } from "@/lib/accounts/account-page-format";
import { summariseTrend } from "@/lib/accounts/account-page-trend";
import { QBR_DAYS } from "@/lib/accounts/qbr-periods";
import type { QbrSummary } from "@/lib/accounts/qbr";

// The QBR summary as one printable page: every figure in a table (what prints, and what a screen
// reader reads), with the two charts as pictures of the same figures.

function Part({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <section className="qbr-section mb-6 rounded-lg border border-slate-200 bg-white p-5 print:mb-4 print:border-0 print:p-0">
      <h2 className="mb-2 text-base font-semibold text-slate-900">{title}</h2>
      {children}
    </section>
  );
}

const th = "py-1 pr-3 font-medium";
const headRow = "border-b border-slate-200 text-left text-xs uppercase tracking-wide text-slate-500";
const bodyRow = "border-b border-slate-100";

function NoUsage({ q }: { q: QbrSummary }) {
  return (
    <p className="text-sm text-slate-600">
      No usage tracked for this account: no Pendo or Gainsight PX account with ingested usage is linked to it.{" "}
      <Link href="/exceptions" className="text-brand-700 hover:underline print:no-underline">
        Link it on Exceptions
      </Link>
      {q.period ? "." : ", then run Synchronize."}
    </p>
  );
}

export function QbrReport({ q, fmt }: { q: QbrSummary; fmt: ViewerFormat }) {
  const period = q.period;
  const trend = summariseTrend(q.health.points);
  return (
    <div id="qbr">
      {!period ? (
        <Part title="Nothing to summarise yet">
          <p className="text-sm text-slate-600" data-testid="qbr-empty">
            The account has no health score and no tracked usage. Link its Pendo or Gainsight PX account on{" "}
            <Link href="/exceptions" className="text-brand-700 hover:underline">
              Exceptions
            </Link>{" "}
            and run Synchronize on{" "}
            <Link href="/integrations" className="text-brand-700 hover:underline">
              Integrations
            </Link>
            .
          </p>
        </Part>
      ) : (
        <>
          <Part title="Health">
            {q.health.now ? (
              <p className="flex flex-wrap items-center gap-2 text-sm text-slate-800" data-testid="qbr-health">
                Now <span className="text-xl font-semibold tabular-nums">{fmt.number(q.health.now.score, 1)}</span> <ColourBadge colour={q.health.now.colour} />
                <span className="text-slate-600">
                  (scored for {fmt.day(q.health.now.day)}
                  {q.health.now.overridden ? "; overridden by hand" : ""})
                </span>
              </p>
            ) : (
              <p className="text-sm text-slate-600">No health score yet: run Synchronize.</p>
            )}
            {trend.first && trend.last && (
              <p className="mt-1 text-sm text-slate-700">
                Computed score {fmt.number(trend.first.score, 1)} on {fmt.day(trend.first.day)}, {fmt.number(trend.last.score, 1)} on {fmt.day(trend.last.day)}
                {trend.lowest && trend.highest ? `; lowest ${fmt.number(trend.lowest.score, 1)}, highest ${fmt.number(trend.highest.score, 1)}` : ""} ({fmt.number(trend.scored, 0)} scored days).
                {q.health.markers.map((m) => ` Model version ${fmt.number(m.to, 0)} from ${fmt.day(m.day)}.`).join("")}
              </p>
            )}
            {q.health.points.length > 1 && q.health.bands && (
              <div className="mt-2">
                <ScoreTrendChart points={q.health.points} markers={q.health.markers} from={period.from} to={period.to} bands={q.health.bands} locale={fmt.locale} />
              </div>
            )}
          </Part>

          <Part title="Adoption: weekly active users">
            {!q.adoption ? (
              <NoUsage q={q} />
            ) : (
              <>
                <p className="mb-2 text-sm text-slate-700" data-testid="qbr-active-users">
                  {fmt.number(q.adoption.activeUsers, 0)} users active in the {QBR_DAYS} days ({q.tool!.label}).
                </p>
                <AdoptionChart weeks={q.adoption.weeks} locale={fmt.locale} />
                <table className="mt-2 w-full text-sm" aria-label="Weekly active users">
                  <thead>
                    <tr className={headRow}>
                      <th scope="col" className={th}>
                        Week
                      </th>
                      <th scope="col" className={`${th} text-right`}>
                        Active users
                      </th>
                      <th scope="col" className={`${th} text-right`}>
                        Active days
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {q.adoption.weeks.map((w) => (
                      <tr key={w.to} className={bodyRow} data-testid="qbr-week">
                        <td className="py-1 pr-3">
                          {fmt.day(w.from)} – {fmt.day(w.to)}
                        </td>
                        <td className="py-1 pr-3 text-right tabular-nums">{fmt.number(w.activeUsers, 0)}</td>
                        <td className="py-1 pr-3 text-right tabular-nums">{fmt.number(w.activeDays, 0)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </>
            )}
          </Part>

          <Part title={`Top features (${QBR_DAYS} days)`}>
            {!q.features ? (
              <NoUsage q={q} />
            ) : q.features.top.length === 0 ? (
              <p className="text-sm text-slate-600">No feature click in the period{q.features.tracked === 0 ? `: ${q.tool!.label} tracks no feature` : ""}.</p>
            ) : (
              <>
                <table className="w-full text-sm" aria-label="Top features">
                  <thead>
                    <tr className={headRow}>
                      <th scope="col" className={th}>
                        Feature
                      </th>
                      <th scope="col" className={`${th} text-right`}>
                        Clicks
                      </th>
                      <th scope="col" className={`${th} text-right`}>
                        Days used
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {q.features.top.map((f) => (
                      <tr key={f.featureId} className={bodyRow} data-testid="qbr-feature">
                        <td className="py-1 pr-3">{f.name}</td>
                        <td className="py-1 pr-3 text-right tabular-nums">{fmt.number(f.clicks, 0)}</td>
                        <td className="py-1 pr-3 text-right tabular-nums">{fmt.number(f.days, 0)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
                <p className="mt-1 text-xs text-slate-500">
                  {fmt.number(q.features.used, 0)} of {fmt.number(q.features.tracked, 0)} tracked features used; {fmt.number(q.features.unusedCount, 0)} unused.
                </p>
              </>
            )}
          </Part>

          <Part title="Active users">
            {!q.users ? (
              <NoUsage q={q} />
            ) : (
              <>
                <p className="text-sm text-slate-700" data-testid="qbr-user-counts">
                  On {fmt.day(period.to)}: {fmt.number(q.users.counts.active, 0)} active (last 7 days), {fmt.number(q.users.counts.fading, 0)} fading (last active 8–30 days ago),{" "}
                  {fmt.number(q.users.counts.gone, 0)} gone (last active 31–90 days ago).
                </p>
                {q.users.mostActive.length > 0 && (
                  <table className="mt-2 w-full text-sm" aria-label="Most active users">
                    <thead>
                      <tr className={headRow}>
                        <th scope="col" className={th}>
                          Most active users
                        </th>
                        <th scope="col" className={`${th} text-right`}>
                          Days active
                        </th>
                        <th scope="col" className={th}>
                          Last active
                        </th>
                      </tr>
                    </thead>
                    <tbody>
                      {q.users.mostActive.map((u) => (
                        <tr key={u.userId} className={bodyRow}>
                          <td className="py-1 pr-3">{personText(u)}</td>
                          <td className="py-1 pr-3 text-right tabular-nums">{fmt.number(u.activeDays, 0)}</td>
                          <td className="py-1 pr-3">{fmt.day(u.lastActive)}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                )}
              </>
            )}
          </Part>

          <Part title="NPS trend">
            {!q.nps ? (
              <NoUsage q={q} />
            ) : (
              <>
                <table className="w-full text-sm" aria-label="NPS by 30 days">
                  <thead>
                    <tr className={headRow}>
                      <th scope="col" className={th}>
                        Days
                      </th>
                      <th scope="col" className={`${th} text-right`}>
                        NPS
                      </th>
                      <th scope="col" className={`${th} text-right`}>
                        Responses
                      </th>
                      <th scope="col" className={`${th} text-right`}>
                        Promoters
                      </th>
                      <th scope="col" className={`${th} text-right`}>
                        Passives
                      </th>
                      <th scope="col" className={`${th} text-right`}>
                        Detractors
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {[...q.nps.periods, { ...q.nps.total, ...period, total: true }].map((p) => (
                      <tr key={"total" in p ? "total" : p.from} className={"total" in p ? "font-medium" : bodyRow} data-testid="qbr-nps">
                        <td className="py-1 pr-3">{"total" in p ? `All ${QBR_DAYS} days` : `${fmt.day(p.from)} – ${fmt.day(p.to)}`}</td>
                        <td className="py-1 pr-3 text-right tabular-nums">{p.score === null ? "no answer" : fmt.number(p.score, 1)}</td>
                        <td className="py-1 pr-3 text-right tabular-nums">{fmt.number(p.responses, 0)}</td>
                        <td className="py-1 pr-3 text-right tabular-nums">{fmt.number(p.promoters, 0)}</td>
                        <td className="py-1 pr-3 text-right tabular-nums">{fmt.number(p.passives, 0)}</td>
                        <td className="py-1 pr-3 text-right tabular-nums">{fmt.number(p.detractors, 0)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
                {q.nps.comments.length > 0 && (
                  <>
                    <h3 className="mb-1 mt-3 text-sm font-semibold text-slate-900">Comments</h3>
                    <ul className="space-y-1 text-sm">
                      {q.nps.comments.map((c) => (
                        <li key={c.responseId}>
                          <span className="tabular-nums text-slate-600">
                            {fmt.day(c.day)} · {fmt.number(c.score, 0)}
                          </span>{" "}
                          “{c.comment}” <span className="text-xs text-slate-500">— {personText(c)}</span>
                        </li>
                      ))}
                    </ul>
                  </>
                )}
              </>
            )}
          </Part>
        </>
      )}
    </div>
  );
}
