import Link from "next/link";
import { Badge } from "@/components/ui/card";
import { Table, type Column } from "@/components/ui/table";
import { LocalTime } from "@/components/sync/local-time";
import { ColourBadge } from "@/components/accounts/account-page/colour-badge";
import { NoData, Section } from "@/components/accounts/account-page/section";
import type { HealthSection } from "@/lib/accounts/account-page-health";
import type { ViewerFormat } from "@/lib/accounts/account-page-format";
import type { MeasureScore } from "@/lib/health/score-account";

function measureColumns(fmt: ViewerFormat): Column<MeasureScore>[] {
  return [
    {
      key: "measure",
      header: "Measure",
      cell: (m) => (
        <>
          <span className="font-medium text-slate-900">{m.label}</span>
          {m.group && <span className="ml-1 text-xs text-slate-500">({m.group})</span>}
        </>
      ),
    },
    { key: "value", header: "Value", align: "right", cell: (m) => (m.missing ? <span className="text-slate-500">missing</span> : fmt.number(m.value, 2)) },
    { key: "normalised", header: "Score of 100", align: "right", cell: (m) => (m.missing ? "—" : fmt.number(m.normalised, 1)) },
    { key: "weight", header: "Weight set", align: "right", cell: (m) => fmt.number(m.weight, 2) },
    { key: "effective", header: "Effective weight", align: "right", cell: (m) => fmt.percent(m.effectiveWeight, 1) },
    { key: "contribution", header: "Points", align: "right", cell: (m) => fmt.number(m.contribution, 1) },
    { key: "colour", header: "Colour", cell: (m) => (m.missing ? <span className="text-slate-500">—</span> : <ColourBadge colour={m.colour} />) },
  ];
}

export function HealthSummary({ accountId, health, fmt, overridePanel }: { accountId: string; health: HealthSection | null; fmt: ViewerFormat; overridePanel: React.ReactNode }) {
  if (!health) {
    return (
      <Section id="health" title="Health">
        <NoData testId="health-empty">
          No score yet: health is scored at every Synchronize and on the daily schedule, once Salesforce is pulled.{" "}
          <Link href="/integrations" className="font-medium text-brand-700 hover:underline">
            Run Synchronize on the Integrations page
          </Link>
          , or score this account now with <code className="text-xs">npm run -s cli -- health --account {accountId} --rescore</code>.
        </NoData>
      </Section>
    );
  }
  const o = health.override;
  return (
    <Section
      id="health"
      title="Health"
      description={
        <>
          Scored for {fmt.day(health.day)} by model version {fmt.number(health.modelVersion, 0)}
          {health.segment ? `, with the bands of ${health.segment}` : ""}. {usageSourceText(health, fmt)}
        </>
      }
    >
      <div className="flex flex-wrap items-center gap-4" data-testid="health-score">
        <div className="text-4xl font-semibold tabular-nums text-slate-900">{health.score === null ? "—" : fmt.number(health.score, 1)}</div>
        <div className="flex flex-wrap items-center gap-2">
          <ColourBadge colour={health.colour} />
          {health.critical && <Badge tone="red">critical: below {fmt.number(health.bands.critical ?? 0, 1)}</Badge>}
          {o && <Badge tone="blue">overridden</Badge>}
        </div>
        <p className="text-xs text-slate-500">
          Bands: red below {fmt.number(health.bands.red, 1)}, green from {fmt.number(health.bands.green, 1)}
          {health.bands.critical !== undefined ? `; critical below ${fmt.number(health.bands.critical, 1)}` : ""}.
        </p>
      </div>

      {o && (
        <div className="mt-4 rounded-md border border-brand-100 bg-brand-50 px-4 py-3 text-sm text-brand-900" data-testid="override-in-force">
          <p>
            Overridden by <span className="font-medium">{o.setBy}</span> until <LocalTime iso={o.expiresAt.toISOString()} />: “{o.reason}”
          </p>
          <p className="mt-1">
            Computed beneath it: {o.computed.score === null ? "no score" : fmt.number(o.computed.score, 1)} ({o.computed.colour ?? "no colour"}). Set <LocalTime iso={o.setAt.toISOString()} />.
            When it expires the computed health shows again.
          </p>
        </div>
      )}

      <p className="mt-4 text-sm text-slate-700">{o ? `The computed score: ${health.reason}` : health.reason}</p>
      {health.missing.length > 0 && (
        <p className="mt-1 text-sm text-amber-800" data-testid="missing-measures">
          Missing, so left out and the others re-weighted: {health.missing.map((m) => m.label).join(", ")}.
        </p>
      )}

      <div className="mt-4">
        <Table
          label="Measures of the health score"
          columns={measureColumns(fmt)}
          rows={health.measures}
          rowKey={(m) => m.key}
          rowTestId="measure-row"
          empty="The model of this score has no measures."
        />
        <p className="mt-2 text-xs text-slate-500">
          Points are each measure’s score of 100 times its effective weight; they add up to the computed score. Effective weights share out the weights of missing
          measures.
        </p>
      </div>

      {overridePanel}
    </Section>
  );
}

function usageSourceText(health: HealthSection, fmt: ViewerFormat): string {
  if (!health.usageSource) return "No usage tool has KPIs of this account for that day, so its usage measures are missing.";
  return `Usage measures come from ${health.usageSource.label}'s KPIs${health.kpiDay ? ` of ${fmt.day(health.kpiDay)}` : ""}.`;
}
