"use client";

import Link from "next/link";
import { useId, useMemo, useState } from "react";
import { useMutation } from "@tanstack/react-query";
import { api, ApiError } from "@/lib/http/api-client";
import type { KpiField, KpiSettings } from "@/lib/kpis/kpi-settings";
import type { KpiSettingsView } from "@/lib/kpis/kpi-settings-page";
import type { SavedKpiSettings } from "@/lib/kpis/save-kpi-settings";
import { Alert, Card } from "@/components/ui/card";
import { Button } from "@/components/ui/button";
import { FieldPicker } from "@/components/mapping/field-picker";
import { useUnsavedWarning } from "@/components/mapping/use-unsaved-warning";
import { CoreFeatureChecklist } from "@/components/kpis/core-feature-checklist";

const LEAVE_WARNING = "Your KPI settings are not saved. Leave this page and lose them?";

const FIELDS: { role: KpiField; label: string; help: (tool: string) => string }[] = [
  {
    role: "licensedSeatsField",
    label: "Licensed seats",
    help: () => "A number field. Seat utilisation is active users (30 days) as a percent of it; above 100 when more people use the product than the contract pays for. With no field, or an empty value, the KPI shows —.",
  },
  {
    role: "contractedFeaturesField",
    label: "Contracted features",
    help: (tool) =>
      `A multi-select picklist, picklist or text field listing feature names (“Dashboards;Reports”, or separated by commas or lines). Names are matched to ${tool}'s features below, case ignored. An account whose field is empty uses the core features marked below.`,
  },
];

const same = (a: KpiSettings, b: KpiSettings) => JSON.stringify({ ...a, coreFeatureIds: [...a.coreFeatureIds].sort() }) === JSON.stringify({ ...b, coreFeatureIds: [...b.coreFeatureIds].sort() });

/** The saved settings as the form edits them: core features the tool no longer tracks dropped (a save refuses them). */
function editable(view: KpiSettingsView): KpiSettings {
  const tracked = new Set(view.features.map((f) => f.id));
  return { ...view.settings, coreFeatureIds: view.settings.coreFeatureIds.filter((id) => tracked.has(id)) };
}

export function KpiSettingsForm({ initial }: { initial: KpiSettingsView }) {
  const [view, setView] = useState(initial);
  const [draft, setDraft] = useState<KpiSettings>(() => editable(initial));
  const [notice, setNotice] = useState<string | null>(null);
  const hintId = useId();
  const dirty = !same(draft, editable(view));
  useUnsavedWarning(dirty, LEAVE_WARNING);

  const save = useMutation({
    mutationFn: () => api<SavedKpiSettings & { view: KpiSettingsView }>(`/api/kpi-settings/${view.integrationId}`, { method: "PUT", body: draft }),
    onSuccess: (saved) => {
      setView(saved.view);
      setDraft(editable(saved.view));
      setNotice(saved.message);
    },
  });
  const edit = (next: KpiSettings) => {
    setDraft(next);
    setNotice(null);
    save.reset();
  };
  const core = useMemo(() => new Set(draft.coreFeatureIds), [draft.coreFeatureIds]);
  const fieldError = (role: KpiField) => (save.error instanceof ApiError ? save.error.fields[role] : undefined);

  return (
    <div className="space-y-4">
      <Card>
        <h2 className="text-base font-semibold text-slate-900">Contract fields in Salesforce</h2>
        <p className="mt-1 text-sm text-slate-600">
          Read from each Salesforce {view.salesforceObject ?? "account"} by the Salesforce pull; a {view.title} account uses the Salesforce account it is linked to by
          matching.
        </p>
        {view.salesforceMissing && (
          <div className="mt-3">
            <Alert tone="amber">
              {view.salesforceMissing}{" "}
              <Link href="/integrations" className="font-medium underline">
                Open Integrations
              </Link>
            </Alert>
          </div>
        )}
        <div className="mt-4 grid gap-6 md:grid-cols-2">
          {FIELDS.map(({ role, label, help }) => {
            const problem = fieldError(role) ?? (draft[role] === view.settings[role] ? view.fieldProblems[role] : undefined);
            return (
              <div key={role} className="space-y-2">
                <div className="flex items-end gap-2">
                  <div className="min-w-0 flex-1">
                    <FieldPicker
                      label={`${label} field`}
                      options={view.fieldOptions[role]}
                      value={draft[role] ?? ""}
                      onChange={(name) => edit({ ...draft, [role]: name })}
                      invalid={Boolean(problem)}
                      describedBy={`${hintId}-${role}`}
                    />
                  </div>
                  <Button variant="secondary" onClick={() => edit({ ...draft, [role]: null })} disabled={draft[role] === null} aria-label={`Clear the ${label.toLowerCase()} field`}>
                    None
                  </Button>
                </div>
                <p id={`${hintId}-${role}`} className="text-xs text-slate-600">
                  {draft[role] === null ? <span className="font-medium text-slate-700">No field chosen. </span> : null}
                  {help(view.title)}
                </p>
                {problem && <Alert>{problem}</Alert>}
              </div>
            );
          })}
        </div>
      </Card>

      <CoreFeatureChecklist view={view} core={core} onChange={(ids) => edit({ ...draft, coreFeatureIds: ids })} />

      <Card>
        <div className="flex flex-wrap items-center gap-2">
          <Button onClick={() => save.mutate()} disabled={save.isPending || (!dirty && view.untrackedCore === 0)}>
            {save.isPending ? "Saving…" : "Save KPI settings"}
          </Button>
          {dirty && (
            <span className="text-xs font-medium text-amber-700" data-testid="unsaved">
              Unsaved changes
            </span>
          )}
        </div>
        {notice && (
          <div className="mt-3">
            <Alert tone="green">{notice}</Alert>
          </div>
        )}
        {save.error && (
          <div className="mt-3">
            <Alert>{save.error.message}</Alert>
          </div>
        )}
      </Card>
    </div>
  );
}
