import Link from "next/link";
import { NoData, Section } from "@/components/accounts/account-page/section";
import { Sparkline } from "@/components/accounts/account-page/sparkline";
import type { ViewerFormat } from "@/lib/accounts/account-page-format";
import type { KpiSection, KpiSparkline } from "@/lib/accounts/account-page-kpis";
import type { AccountUsageTool } from "@/lib/accounts/account-page-usage-tool";

function valueText(s: KpiSparkline, v: number | null, fmt: ViewerFormat): string {
  if (v === null) return "no value";
  return s.unit === "percent" ? fmt.percent(v, 1) : fmt.number(v, s.unit === "points" ? 1 : 0);
}

/** The sparkline's text alternative: the newest value, and where the line started. */
export function sparklineSentence(s: KpiSparkline, fmt: ViewerFormat): string {
  const valued = s.points.filter((p) => p.value !== null);
  if (valued.length === 0) return `No value on any of the ${fmt.number(s.points.length, 0)} days with a snapshot.`;
  const first = valued[0]!;
  const last = valued.at(-1)!;
  if (first === last) return `${valueText(s, last.value, fmt)} on ${fmt.day(last.day)}, the only day with a value.`;
  return `${valueText(s, last.value, fmt)} on ${fmt.day(last.day)}; ${valueText(s, first.value, fmt)} on ${fmt.day(first.day)} (${fmt.number(valued.length, 0)} days with a value).`;
}

export function KpiSparklines({ tool, kpis, fmt }: { tool: AccountUsageTool | null; kpis: KpiSection | null; fmt: ViewerFormat }) {
  if (!tool) {
    return (
      <Section id="kpis" title="Usage KPIs">
        <NoData testId="kpis-empty">
          No usage tracked for this account: no Pendo or Gainsight PX account is linked to it.{" "}
          <Link href="/exceptions" className="font-medium text-brand-700 hover:underline">
            Link it on Exceptions
          </Link>
          .
        </NoData>
      </Section>
    );
  }
  if (!kpis) {
    return (
      <Section id="kpis" title="Usage KPIs">
        <NoData testId="kpis-empty">
          No {tool.label} KPIs of this account yet: they are computed at every Synchronize of {tool.label}, after its usage.{" "}
          <Link href="/integrations" className="font-medium text-brand-700 hover:underline">
            Run Synchronize
          </Link>
          .
        </NoData>
      </Section>
    );
  }
  return (
    <Section
      id="kpis"
      title="Usage KPIs"
      description={`${tool.label}'s daily KPI snapshots of this account from ${fmt.day(kpis.from)} to ${fmt.day(kpis.to)} (${fmt.number(kpis.snapshots, 0)} day${kpis.snapshots === 1 ? "" : "s"} with a snapshot), the linked ${tool.label} accounts combined.`}
    >
      <ul className="grid gap-4 sm:grid-cols-2 lg:grid-cols-5">
        {kpis.sparklines.map((s) => (
          <li key={s.key} className="rounded-md border border-slate-200 p-3" data-testid="kpi-sparkline" data-kpi={s.key}>
            <p className="text-xs font-medium text-slate-600" title={s.definition}>
              {s.name}
            </p>
            <p className="mt-1 text-xl font-semibold tabular-nums text-slate-900" data-testid="kpi-latest">
              {s.latest ? valueText(s, s.latest.value, fmt) : "—"}
            </p>
            <Sparkline points={s.points} from={kpis.from} to={kpis.to} percent={s.unit === "percent"} locale={fmt.locale} />
            <p className="mt-1 text-xs text-slate-500">{sparklineSentence(s, fmt)}</p>
          </li>
        ))}
      </ul>
    </Section>
  );
}
