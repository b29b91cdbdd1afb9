import { requirePermission } from "@/app/_auth/require";
import { can } from "@/lib/auth/permissions";
import { healthModelPage } from "@/lib/health/health-model-page";
import { Badge, Card, PageHeader } from "@/components/ui/card";
import { LocalTime } from "@/components/sync/local-time";
import { ActivateVersion } from "@/components/health/activate-version";
import { ModelEditor } from "@/components/health/model-editor";
import { ModelMeasures } from "@/components/health/model-measures";
import { BacktestPanel } from "@/components/health/backtest-panel";

export const metadata = { title: "Health model" };

export default async function HealthModelPage() {
  const user = await requirePermission("health.read");
  const page = await healthModelPage(user);
  const manage = can(user.role, "health.manage");
  const kpiNames = new Map(page.kpis.map((k) => [k.key, k.name]));
  const { active, latest } = page;
  // The newest version not yet active is the one an admin wants to compare with the active one.
  const draft = page.versions.find((v) => !v.active && v.version > active.version) ?? null;
  return (
    <>
      <PageHeader
        title="Health model"
        description="The weighted measures that make each Salesforce account's 0–100 health score, and the colour bands. Every Synchronize and the hourly usage refresh score every account with the active version."
      />
      <div className="space-y-4">
        <Card>
          <div className="flex flex-wrap items-baseline justify-between gap-2">
            <h2 className="text-base font-semibold text-slate-900">
              Version {active.version}: {active.model.name} <Badge tone="green">Active</Badge>
            </h2>
            {latest ? (
              <p className="text-sm text-slate-600">
                Last scored for {latest.day} (version {latest.modelVersion}): {latest.red} red, {latest.yellow} yellow, {latest.green} green
                {latest.unscored > 0 ? `, ${latest.unscored} without any measure` : ""}.
              </p>
            ) : (
              <p className="text-sm text-slate-600">No account is scored yet: run Synchronize on the Integrations page.</p>
            )}
          </div>
          <div className="mt-3">
            <ModelMeasures model={active.model} kpiNames={kpiNames} />
          </div>
        </Card>

        <Card>
          <h2 className="text-base font-semibold text-slate-900">Versions</h2>
          <ul className="mt-2 divide-y divide-slate-100">
            {page.versions.map((v) => (
              <li key={v.version} className="flex flex-wrap items-center justify-between gap-2 py-2 text-sm">
                <span>
                  <span className="font-medium text-slate-900">Version {v.version}</span> {v.model.name}
                  {v.active && (
                    <>
                      {" "}
                      <Badge tone="green">Active</Badge>
                    </>
                  )}
                  <span className="block text-xs text-slate-500">
                    {v.note ?? "No note"} · saved <LocalTime iso={v.createdAt.toISOString()} />
                    {v.createdBy ? ` by ${v.createdBy}` : ""}
                  </span>
                </span>
                {manage && !v.active && <ActivateVersion version={v.version} />}
              </li>
            ))}
          </ul>
        </Card>

        {manage && (
          <BacktestPanel
            key={page.versions[0]?.version}
            versions={page.versions.map((v) => ({ version: v.version, name: v.model.name, active: v.active }))}
            initialVersion={draft?.version ?? active.version}
            initialCompare={draft ? active.version : null}
          />
        )}

        {manage && <ModelEditor base={active.model} baseVersion={active.version} />}
      </div>
    </>
  );
}
