"use client";

import { useState } from "react";
import { useMutation } from "@tanstack/react-query";
import { api } from "@/lib/http/api-client";
import type { MatchingView } from "@/lib/matching/matching-page";
import type { RulesPreview } from "@/lib/matching/preview-rules";
import type { FieldPairOption } from "@/lib/matching/field-options";
import { Alert, Card } from "@/components/ui/card";
import { Button } from "@/components/ui/button";
import { CriteriaList } from "@/components/matching/criteria-list";
import { ChangeSamples, CountsTable } from "@/components/matching/preview-panel";
import { rowId, rowsFromRules, rulesFromRows, type CriterionRow, type Entity } from "@/components/matching/criteria-rows";

function AddCustomPair({ options, rows, onAdd }: { options: FieldPairOption[]; rows: CriterionRow[]; onAdd: (row: CriterionRow) => void }) {
  const taken = new Set(rows.map((r) => r.id));
  const available = options.filter((o) => !taken.has(rowId({ kind: "customField", ...o })));
  if (available.length === 0) return null;
  return (
    <label className="mt-2 flex items-center gap-2 text-xs text-slate-600">
      Add a custom field pair
      <select
        className="rounded border border-slate-300 px-2 py-1 text-xs"
        value=""
        onChange={(e) => {
          const pair = available[Number(e.target.value)];
          if (pair) onAdd({ id: rowId({ kind: "customField", ...pair }), enabled: true, criterion: { kind: "customField", salesforceField: pair.salesforceField, analyticsField: pair.analyticsField } });
        }}
      >
        <option value="">Salesforce field = analytics field…</option>
        {available.map((o, i) => (
          <option key={`${o.salesforceField}:${o.analyticsField}`} value={i}>
            {o.salesforceField} = {o.analyticsField} ({o.family === "text" ? "text" : "whole number"})
          </option>
        ))}
      </select>
    </label>
  );
}

export function MatchingSettings({ initial }: { initial: MatchingView }) {
  const [view, setView] = useState(initial);
  const [rows, setRows] = useState<Record<Entity, CriterionRow[]>>({ accounts: rowsFromRules(initial.rules, "accounts"), contacts: rowsFromRules(initial.rules, "contacts") });
  const [preview, setPreview] = useState<RulesPreview | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const setEntity = (entity: Entity) => (next: CriterionRow[]) => {
    setRows((r) => ({ ...r, [entity]: next }));
    setPreview(null);
    setNotice(null);
  };

  const previewRun = useMutation({
    mutationFn: () => api<RulesPreview>(`/api/matching/${view.integrationId}/preview`, { method: "POST", body: { rules: rulesFromRows(rows) } }),
    onSuccess: setPreview,
  });
  const save = useMutation({
    mutationFn: () => api<{ view: MatchingView }>(`/api/matching/${view.integrationId}/rules`, { method: "PUT", body: { rules: rulesFromRows(rows) } }),
    onSuccess: ({ view: next }) => {
      setView(next);
      setRows({ accounts: rowsFromRules(next.rules, "accounts"), contacts: rowsFromRules(next.rules, "contacts") });
      setPreview(null);
      setNotice(`Saved. Matching re-ran: ${next.current.accounts.matched} accounts and ${next.current.contacts.matched} users linked.`);
    },
  });
  const error = previewRun.error ?? save.error;

  return (
    <div className="grid gap-4 lg:grid-cols-[minmax(0,1fr)_minmax(0,1fr)]">
      <Card>
        <p className="mb-4 text-sm text-slate-600">
          For each {view.title} record the first enabled criterion that finds <strong>exactly one</strong> Salesforce record links it. Several candidates mean
          ambiguous; two {view.title} records on one Salesforce record are both held back as duplicates until you pin or exclude one on Exceptions.
        </p>
        {view.fields.missing.length > 0 && (
          <div className="mb-4">
            <Alert tone="amber">Custom field pairs: {view.fields.missing.join(" ")}</Alert>
          </div>
        )}
        <div className="space-y-6">
          <div>
            <CriteriaList title="Accounts → Salesforce accounts" rows={rows.accounts} onRows={setEntity("accounts")} />
            <AddCustomPair options={view.fields.accounts} rows={rows.accounts} onAdd={(row) => setEntity("accounts")([...rows.accounts, row])} />
          </div>
          <div>
            <CriteriaList title="Users → Salesforce contacts" rows={rows.contacts} onRows={setEntity("contacts")} />
            <AddCustomPair options={view.fields.contacts} rows={rows.contacts} onAdd={(row) => setEntity("contacts")([...rows.contacts, row])} />
          </div>
        </div>
        <div className="mt-5 flex flex-wrap items-center gap-2 border-t border-slate-100 pt-4">
          <Button variant="secondary" onClick={() => previewRun.mutate()} disabled={previewRun.isPending}>
            {previewRun.isPending ? "Previewing…" : "Preview"}
          </Button>
          <Button onClick={() => save.mutate()} disabled={save.isPending}>
            {save.isPending ? "Saving…" : "Save and re-match"}
          </Button>
          {view.updatedAt && (
            <span className="text-xs text-slate-500">
              Last saved {new Date(view.updatedAt).toLocaleString()} by {view.updatedBy ?? "someone"}
            </span>
          )}
        </div>
        {notice && (
          <div className="mt-3">
            <Alert tone="green">{notice}</Alert>
          </div>
        )}
        {error && (
          <div className="mt-3">
            <Alert>{error.message}</Alert>
          </div>
        )}
      </Card>
      <Card>
        {preview ? (
          <div className="space-y-5" data-testid="preview">
            <h3 className="text-sm font-semibold text-slate-900">Preview: nothing is saved until you press Save</h3>
            <CountsTable entity="accounts" saved={preview.accounts.saved} proposed={preview.accounts.proposed} />
            <ChangeSamples entity="accounts" preview={preview.accounts} />
            <CountsTable entity="users" saved={preview.contacts.saved} proposed={preview.contacts.proposed} />
            <ChangeSamples entity="users" preview={preview.contacts} />
          </div>
        ) : (
          <div className="space-y-5">
            <h3 className="text-sm font-semibold text-slate-900">Current result</h3>
            <CountsTable entity="accounts" saved={view.current.accounts} />
            <CountsTable entity="users" saved={view.current.contacts} />
            <p className="text-xs text-slate-500">Change the criteria, then Preview to see what they would do against the data pulled now.</p>
          </div>
        )}
      </Card>
    </div>
  );
}
