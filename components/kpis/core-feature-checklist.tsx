"use client";

import Link from "next/link";
import { useId, useMemo, useState } from "react";
import type { KpiSettingsView } from "@/lib/kpis/kpi-settings-page";
import { Alert, Card } from "@/components/ui/card";
import { Button } from "@/components/ui/button";

// The tool's tracked features as a searchable checklist: an admin marks the core ones. A tool
// lists a few dozen features at most, so the whole list is kept and filtered here.

const accountsText = (n: number) => `${n.toLocaleString("en-US")} account${n === 1 ? "" : "s"}`;

/** "the last 30 days ingested", or fewer when fewer are. */
function dayCount({ from, to }: { from: string; to: string }): string {
  const n = Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000) + 1;
  return n === 1 ? "the last day ingested" : `the last ${n} days ingested`;
}

export function CoreFeatureChecklist({ view, core, onChange }: { view: KpiSettingsView; core: ReadonlySet<string>; onChange: (ids: string[]) => void }) {
  const [query, setQuery] = useState("");
  const searchId = useId();
  const shown = useMemo(() => {
    const words = query.toLowerCase().split(/\s+/).filter(Boolean);
    return words.length ? view.features.filter((f) => words.every((w) => f.name.toLowerCase().includes(w))) : view.features;
  }, [query, view.features]);
  const marked = view.features.filter((f) => core.has(f.id)).length;
  const toggle = (id: string, on: boolean) => onChange(on ? [...core, id] : [...core].filter((x) => x !== id));
  const days = view.usageDays;

  return (
    <Card>
      <h2 className="text-base font-semibold text-slate-900">Core features</h2>
      <p className="mt-1 text-sm text-slate-600">
        Core feature adoption is the share of these used by at least one user in 30 days, for every account whose Salesforce account lists no contracted features. With none
        marked, those accounts show —.
      </p>
      {view.features.length === 0 ? (
        <div className="mt-3">
          <Alert tone="amber">
            No {view.title} features are known yet: pull usage first: Synchronize on the tool&apos;s card.{" "}
            <Link href="/integrations" className="font-medium underline">
              Open Integrations
            </Link>
          </Alert>
        </div>
      ) : (
        <>
          <div className="mt-4 flex flex-wrap items-end gap-3">
            <div className="min-w-48 flex-1">
              <label htmlFor={searchId} className="mb-1 block text-sm font-medium text-slate-700">
                Search features
              </label>
              <input
                id={searchId}
                type="search"
                value={query}
                onChange={(e) => setQuery(e.target.value)}
                placeholder="Part of a feature's name"
                className="block w-full rounded-md border border-slate-300 px-3 py-1.5 text-sm shadow-sm focus:outline-none focus:ring-2 focus:ring-brand-600"
              />
            </div>
            <p className="text-sm text-slate-600" aria-live="polite">
              {marked} of {view.features.length} marked core
            </p>
            <Button variant="secondary" onClick={() => onChange([])} disabled={core.size === 0}>
              Unmark all
            </Button>
          </div>
          {view.untrackedCore > 0 && (
            <p className="mt-2 text-xs text-amber-800">
              {view.untrackedCore} saved core feature{view.untrackedCore === 1 ? " is" : "s are"} no longer tracked by {view.title} and left out of the KPI; saving drops{" "}
              {view.untrackedCore === 1 ? "it" : "them"}.
            </p>
          )}
          <p className="mt-2 text-xs text-slate-500">
            {view.usageNote ?? (days ? `Beside each feature: the accounts that used it from ${days.from} to ${days.to} (${dayCount(days)}).` : null)}
          </p>
          <ul className="mt-2 max-h-96 divide-y divide-slate-100 overflow-auto rounded-md border border-slate-200" aria-label={`${view.title} features`}>
            {shown.map((f) => (
              <li key={f.id}>
                <label className="flex cursor-pointer items-center gap-3 px-3 py-2 hover:bg-slate-50">
                  <input type="checkbox" className="h-4 w-4 rounded border-slate-300" checked={core.has(f.id)} onChange={(e) => toggle(f.id, e.target.checked)} />
                  <span className="min-w-0 flex-1 truncate text-sm text-slate-900" title={f.id}>
                    {f.name}
                  </span>
                  {f.accounts30d !== null && <span className="shrink-0 text-xs text-slate-500">{accountsText(f.accounts30d)}</span>}
                </label>
              </li>
            ))}
            {shown.length === 0 && <li className="px-3 py-4 text-sm text-slate-500">No feature matches “{query}”; try part of its name.</li>}
          </ul>
        </>
      )}
    </Card>
  );
}
