import { requirePermission } from "@/app/_auth/require";
import { Badge, Card, PageHeader } from "@/components/ui/card";
import { Table, type Column } from "@/components/ui/table";
import type { KpiDefinition } from "@/lib/kpis/catalogue";
import { kpiDefinitionsPage } from "@/lib/kpis/definitions-page";

export const metadata = { title: "KPI definitions" };

const UNIT: Record<KpiDefinition["unit"], string> = {
  users: "users",
  percent: "percent",
  minutes: "minutes",
  days: "days",
  day: "a day",
  points: "points (−100 to 100)",
  responses: "responses",
  clicks: "clicks",
  guides: "guides",
};

const columns: Column<KpiDefinition>[] = [
  {
    key: "name",
    header: "KPI",
    className: "w-64",
    cell: (d) => (
      <>
        <div className="font-medium text-slate-900">{d.name}</div>
        <div className="break-all font-mono text-xs text-slate-500">{d.key}</div>
        <div className="mt-1 text-xs text-slate-500">
          {UNIT[d.unit]} · {d.type === "DATE_TIME" ? "date" : "number"}
        </div>
      </>
    ),
  },
  {
    key: "definition",
    header: "Definition",
    cell: (d) => (
      <>
        <p className="text-slate-800">{d.definition}</p>
        {d.unavailable && (
          <p className="mt-1">
            <Badge tone="amber">not available yet</Badge> <span className="text-xs text-slate-600">{d.unavailable}</span>
          </p>
        )}
      </>
    ),
  },
  { key: "window", header: "Window", className: "w-56 text-slate-700", cell: (d) => d.window },
  { key: "source", header: "Source", className: "w-64 text-xs text-slate-600", cell: (d) => d.source },
];

export default async function KpiDefinitionsPage() {
  await requirePermission("accounts.read");
  const page = kpiDefinitionsPage();
  return (
    <>
      <PageHeader
        title="KPI definitions"
        description="The usage KPIs Clearinghouse computes from Pendo and Gainsight PX for every account, daily, and what each one counts. The keys are the ones the command line (npm run -s cli -- kpis) prints."
      />
      <Card className="mb-6">
        <h2 className="mb-2 text-sm font-semibold text-slate-900">How every KPI is counted</h2>
        <ul className="list-disc space-y-1 pl-5 text-sm text-slate-700">
          {page.rules.map((rule) => (
            <li key={rule}>{rule}</li>
          ))}
        </ul>
      </Card>
      <div className="space-y-6">
        {page.sections.map((s) => (
          <Card key={s.group}>
            <h2 className="mb-3 text-base font-semibold text-slate-900">{s.group}</h2>
            {s.group === "Features" && (
              <p className="mb-3 text-sm text-slate-600">
                Each tracked feature of a tool has the twelve KPIs written below with &lt;featureId&gt;, keyed by the feature&apos;s id in that tool.
              </p>
            )}
            <Table label={`${s.group} KPIs`} columns={columns} rows={s.definitions} rowKey={(d) => d.key} rowTestId="kpi-definition" empty="No KPI in this group." />
          </Card>
        ))}
      </div>
    </>
  );
}
