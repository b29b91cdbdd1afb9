"use client";

import Link from "next/link";
import { useId, useRef, useState } from "react";
import { useMutation } from "@tanstack/react-query";
import { api } from "@/lib/http/api-client";
import type { MatchingView } from "@/lib/matching/matching-page";
import type { RulesPreview } from "@/lib/sync/match/preview-rules";
import type { MatchRules } from "@/lib/matching/rules";
import type { FieldPicker } from "@/lib/matching/field-options";
import { Alert, Card } from "@/components/ui/card";
import { Button } from "@/components/ui/button";
import { CriteriaList } from "@/components/matching/criteria-list";
import { ChangeSamples, CountsTable } from "@/components/matching/preview-panel";
import { rowId, rowsFromRules, rulesFromRows, type CriterionRow, type Entity } from "@/components/matching/criteria-rows";
import { useRunUntilDone } from "@/components/matching/use-run-until-done";
import type { RunDetail } from "@/lib/sync/history/run-detail";

/** matchRulesSchema allows ten criteria per list. */
const MAX_CRITERIA = 10;
const FAMILY_LABEL = { text: "text", integer: "whole number" } as const;

/** Pick a Salesforce field, then an analytics field of the same type; only offered pairs can be added. */
function AddCustomPair({
  entity,
  tool,
  picker,
  rows,
  explainEmpty,
  onAdd,
}: {
  entity: Entity;
  tool: string;
  picker: FieldPicker;
  rows: CriterionRow[];
  /** Say why nothing is offered (false when the page already says a schema is missing). */
  explainEmpty: boolean;
  onAdd: (row: CriterionRow) => void;
}) {
  const [salesforceField, setSalesforceField] = useState("");
  const [analyticsField, setAnalyticsField] = useState("");
  const sfIds = useId();
  const anIds = useId();
  if (picker.salesforce.length === 0 || picker.analytics.length === 0) {
    if (!explainEmpty) return null;
    return (
      <p className="mt-2 text-xs text-slate-500">
        No custom field pair for {entity === "accounts" ? "accounts" : "users"}: no custom Salesforce {entity === "accounts" ? "account" : "contact"} field has a {tool}{" "}
        {entity === "accounts" ? "account" : "user"} attribute of the same type (text or whole number).
      </p>
    );
  }
  if (rows.length >= MAX_CRITERIA) {
    return <p className="mt-2 text-xs text-slate-500">A list holds at most {MAX_CRITERIA} criteria; remove a custom field pair to add another.</p>;
  }
  const taken = new Set(rows.map((r) => r.id));
  const family = picker.salesforce.find((f) => f.name === salesforceField)?.family;
  const partners = family ? picker.analytics.filter((f) => f.family === family && !taken.has(rowId({ kind: "customField", salesforceField, analyticsField: f.name }))) : [];
  const chosen = partners.find((f) => f.name === analyticsField);
  const noun = entity === "accounts" ? "account" : "user";
  return (
    <fieldset className="mt-3 rounded-md border border-dashed border-slate-300 px-3 py-2" aria-label={`Add a custom field pair for ${noun}s`}>
      <legend className="px-1 text-xs font-medium text-slate-600">Add a custom field pair</legend>
      <div className="flex flex-wrap items-end gap-2">
        <div className="flex flex-col text-xs text-slate-600">
          <label htmlFor={sfIds}>Salesforce field</label>
          <select
            id={sfIds}
            className="max-w-[16rem] rounded border border-slate-300 bg-white px-2 py-1 text-xs"
            value={salesforceField}
            onChange={(e) => {
              setSalesforceField(e.target.value);
              setAnalyticsField("");
            }}
          >
            <option value="">Choose…</option>
            {picker.salesforce.map((f) => (
              <option key={f.name} value={f.name}>
                {f.label} · {FAMILY_LABEL[f.family]}
              </option>
            ))}
          </select>
        </div>
        <span className="pb-1 text-xs text-slate-500">=</span>
        <div className="flex flex-col text-xs text-slate-600">
          <label htmlFor={anIds}>{tool} {noun} field</label>
          <select
            id={anIds}
            className="max-w-[16rem] rounded border border-slate-300 bg-white px-2 py-1 text-xs disabled:bg-slate-50"
            value={chosen ? analyticsField : ""}
            disabled={!family}
            onChange={(e) => setAnalyticsField(e.target.value)}
          >
            <option value="">{family ? (partners.length ? "Choose…" : "No unused field of this type") : "Pick the Salesforce field first"}</option>
            {partners.map((f) => (
              <option key={f.name} value={f.name}>
                {f.label} · {FAMILY_LABEL[f.family]}
              </option>
            ))}
          </select>
        </div>
        <Button
          variant="secondary"
          className="px-2 py-1 text-xs"
          disabled={!chosen}
          onClick={() => {
            if (!chosen) return;
            const criterion = { kind: "customField" as const, salesforceField, analyticsField: chosen.name };
            onAdd({ id: rowId(criterion), enabled: true, criterion });
            setSalesforceField("");
            setAnalyticsField("");
          }}
        >
          Add pair
        </Button>
      </div>
      <p className="mt-1 text-xs text-slate-500">Only text and whole-number fields are offered, and only with a field of the same type on the other side.</p>
    </fieldset>
  );
}

interface Notice {
  tone: "green" | "amber" | "red";
  text: string;
  runId: string;
}

/** What the page says once the re-match it followed has finished, with the counts read after it. */
function rematchNotice(run: RunDetail, next: MatchingView): Notice {
  if (run.status === "SUCCEEDED") {
    return { tone: "green", runId: run.id, text: `Saved. Matching re-ran: ${next.current.accounts.matched} accounts and ${next.current.contacts.matched} users linked.` };
  }
  const why = run.error ?? "the run page says what happened.";
  // A cancelled re-match was superseded by another run that matched the same data: not an error.
  return { tone: run.status === "CANCELLED" ? "amber" : "red", runId: run.id, text: `Saved, but the re-match did not finish: ${why}` };
}

export function MatchingSettings({ initial }: { initial: MatchingView }) {
  const [view, setView] = useState(initial);
  const [rows, setRows] = useState<Record<Entity, CriterionRow[]>>({ accounts: rowsFromRules(initial.rules, "accounts"), contacts: rowsFromRules(initial.rules, "contacts") });
  const [preview, setPreview] = useState<RulesPreview | null>(null);
  const [notice, setNotice] = useState<Notice | null>(null);
  // The re-match the last save queued; the worker runs it, the page follows it until it is done.
  const [rematchRunId, setRematchRunId] = useState<string | null>(null);
  // The run whose outcome the page has read back: until then it still says "Re-matching…".
  const [settledRunId, setSettledRunId] = useState<string | null>(null);
  // Each edit bumps the revision, so a preview that was asked for before the edit is not shown after it.
  const revision = useRef(0);

  const rematch = useRunUntilDone(rematchRunId, (run) => {
    // The counts on the page are the ones read before the worker matched: read them again.
    api<MatchingView>(`/api/matching/${view.integrationId}/rules`)
      .then((next) => {
        setView(next);
        setNotice(rematchNotice(run, next));
      })
      .catch((e: Error) => setNotice({ tone: "amber", runId: run.id, text: `Matching re-ran, but the page could not read the new counts: ${e.message}` }))
      .finally(() => setSettledRunId(run.id));
  });
  const rematching = rematchRunId !== null && settledRunId !== rematchRunId;
  const previewRun = useMutation({
    mutationFn: (v: { rules: MatchRules; revision: number }) => api<RulesPreview>(`/api/matching/${view.integrationId}/preview`, { method: "POST", body: { rules: v.rules } }),
    onSuccess: (result, v) => {
      if (v.revision === revision.current) setPreview(result);
    },
  });
  const save = useMutation({
    mutationFn: (rules: MatchRules) => api<{ view: MatchingView; runId: string }>(`/api/matching/${view.integrationId}/rules`, { method: "PUT", body: { rules } }),
    onSuccess: ({ view: next, runId }) => {
      revision.current++;
      setView(next);
      setRows({ accounts: rowsFromRules(next.rules, "accounts"), contacts: rowsFromRules(next.rules, "contacts") });
      setPreview(null);
      previewRun.reset();
      setNotice(null);
      setRematchRunId(runId);
    },
  });
  const setEntity = (entity: Entity) => (next: CriterionRow[]) => {
    revision.current++;
    setRows((r) => ({ ...r, [entity]: next }));
    setPreview(null);
    setNotice(null);
    previewRun.reset();
    save.reset();
  };
  const proposed = rulesFromRows(rows);
  const dirty = JSON.stringify(proposed) !== JSON.stringify(view.rules);
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
            <AddCustomPair entity="accounts" tool={view.title} picker={view.fields.accounts} rows={rows.accounts} explainEmpty={view.fields.missing.length === 0} onAdd={(row) => setEntity("accounts")([...rows.accounts, row])} />
          </div>
          <div>
            <CriteriaList title="Users → Salesforce contacts" rows={rows.contacts} onRows={setEntity("contacts")} />
            <AddCustomPair entity="contacts" tool={view.title} picker={view.fields.contacts} rows={rows.contacts} explainEmpty={view.fields.missing.length === 0} onAdd={(row) => setEntity("contacts")([...rows.contacts, row])} />
          </div>
        </div>
        <div className="mt-5 flex flex-wrap items-center gap-2 border-t border-slate-100 pt-4">
          <Button variant="secondary" onClick={() => previewRun.mutate({ rules: proposed, revision: revision.current })} disabled={previewRun.isPending}>
            {previewRun.isPending ? "Previewing…" : "Preview"}
          </Button>
          <Button onClick={() => save.mutate(proposed)} disabled={save.isPending}>
            {save.isPending ? "Saving…" : "Save and re-match"}
          </Button>
          {dirty && (
            <span className="text-xs font-medium text-amber-700" data-testid="unsaved">
              Unsaved changes
            </span>
          )}
          {view.updatedAt && (
            <span className="text-xs text-slate-500">
              Last saved <time dateTime={view.updatedAt}>{view.updatedAt.slice(0, 16).replace("T", " ")} UTC</time> by {view.updatedBy ?? "someone"}
            </span>
          )}
        </div>
        {rematching && (
          <div className="mt-3">
            <Alert tone="blue">
              Saved. Re-matching… the counts update when the worker has finished.{" "}
              <Link href={`/sync/${rematchRunId}`} className="font-medium underline">
                Follow the run
              </Link>
              {rematch.error && <span className="mt-1 block text-xs">Progress could not be read just now ({rematch.error.message}); the re-match goes on in the worker.</span>}
            </Alert>
          </div>
        )}
        {notice && !rematching && (
          <div className="mt-3">
            <Alert tone={notice.tone}>
              {notice.text}{" "}
              <Link href={`/sync/${notice.runId}`} className="font-medium underline">
                Open the run
              </Link>
            </Alert>
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
            <h3 className="text-sm font-semibold text-slate-900">Preview: nothing is saved until you press Save and re-match</h3>
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
