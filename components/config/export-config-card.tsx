import type { ConfigFile } from "@/lib/config/config-schema";
import { SYSTEM_LABEL } from "@/lib/hub/integrations";
import { Card } from "@/components/ui/card";

/** ", its pull schedule" / ", its pull and Synchronize schedules" when the file carries them. */
function scheduleWords(schedules: Partial<Record<string, unknown>> | undefined): string {
  const actions = Object.keys(schedules ?? {}).map((a) => (a === "synchronize" ? "Synchronize" : a));
  return actions.length === 0 ? "" : `, its ${actions.join(" and ")} schedule${actions.length === 1 ? "" : "s"}`;
}

/** What the file would hold now, one line per connected system, so an admin knows before downloading. */
function contents(current: ConfigFile): string[] {
  const lines = current.salesforce ? [`Salesforce: pull settings (source objects and fields, first-pull window)${scheduleWords(current.salesforce.schedules)}`] : [];
  for (const [system, tool] of Object.entries(current.tools)) {
    const criteria = tool.matchingRules.accounts.length + tool.matchingRules.contacts.length;
    lines.push(
      `${SYSTEM_LABEL[system as keyof typeof current.tools]}: ${criteria} matching criteria, ${tool.fieldMappings.length} field mapping${tool.fieldMappings.length === 1 ? "" : "s"} with their write modes${scheduleWords(tool.schedules)}`,
    );
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
