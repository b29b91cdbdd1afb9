import type { ConfigFile } from "@/lib/config/config-schema";
import { SYSTEM_LABEL } from "@/lib/hub/integrations";
import { Card } from "@/components/ui/card";

/** ", its pull schedule" / ", its pull and Synchronize schedules" when the file carries them. */
function scheduleWords(schedules: Partial<Record<string, unknown>> | undefined): string {
  const actions = Object.keys(schedules ?? {}).map((a) => (a === "synchronize" ? "Synchronize" : a));
  return actions.length === 0 ? "" : `, its ${actions.join(" and ")} schedule${actions.length === 1 ? "" : "s"}`;
}

/** ", KPI settings (2 core features, the licensed seats field)": what Settings › KPI settings sets for the tool. */
function kpiWords(kpis: NonNullable<ConfigFile["tools"]["PX"]>["kpiSettings"]): string {
  if (!kpis) return "";
  const n = kpis.coreFeatureIds.length;
  const fields = [kpis.licensedSeatsField && "licensed seats", kpis.contractedFeaturesField && "contracted features"].filter(Boolean);
  return `, KPI settings (${n} core feature${n === 1 ? "" : "s"}${fields.length ? `, the ${fields.join(" and ")} field${fields.length === 1 ? "" : "s"}` : ""})`;
}

/** What the file would hold now, one line per connected system and one for the alert rules, so an admin knows before downloading. */
function contents(current: ConfigFile): string[] {
  const { salesforce } = current;
  const csm = salesforce?.csmSettings ? `, the CSM field (${salesforce.csmSettings.fieldName})` : "";
  const lines = salesforce ? [`Salesforce: pull settings (source objects and fields, first-pull window)${scheduleWords(salesforce.schedules)}${csm}`] : [];
  for (const [system, tool] of Object.entries(current.tools)) {
    const criteria = tool.matchingRules.accounts.length + tool.matchingRules.contacts.length;
    lines.push(
      `${SYSTEM_LABEL[system as keyof typeof current.tools]}: ${criteria} matching criteria, ${tool.fieldMappings.length} field mapping${tool.fieldMappings.length === 1 ? "" : "s"} with their write modes${scheduleWords(tool.schedules)}${kpiWords(tool.kpiSettings)}`,
    );
  }
  if (current.alerts) {
    const on = Object.values(current.alerts.rules).filter((rule) => rule.enabled).length;
    lines.push(`Alerts: which rules are on (${on} of ${Object.keys(current.alerts.rules).length} now), their thresholds and levels; never the webhook address or the email (SMTP) settings`);
  }
  return lines;
}

export function ExportConfigCard({ current }: { current: ConfigFile }) {
  const lines = contents(current);
  return (
    <Card>
      <h2 className="text-base font-semibold text-slate-900">Export configuration</h2>
      <p className="mt-1 text-sm text-slate-600">
        One JSON file with everything set here. Credentials, tokens and keys are never in it, so it can be kept in version control or sent to another installation.
      </p>
      {lines.length > 0 ? (
        <ul className="mt-3 list-disc space-y-1 pl-5 text-sm text-slate-700">
          {lines.map((line) => (
            <li key={line}>{line}</li>
          ))}
        </ul>
      ) : (
        <p className="mt-3 text-sm text-slate-500">Nothing is connected yet, so the file would hold no settings. Connect Salesforce, Pendo or Gainsight PX first.</p>
      )}
      <a
        href="/api/config/export"
        download
        className="mt-4 inline-flex items-center justify-center rounded-md bg-brand-600 px-3 py-1.5 text-sm font-medium text-white shadow-sm hover:bg-brand-700 focus:outline-none focus-visible:ring-2 focus-visible:ring-brand-600 focus-visible:ring-offset-1"
      >
        Download configuration
      </a>
    </Card>
  );
}
