"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { useMutation } from "@tanstack/react-query";
import { api, ApiError } from "@/lib/http/api-client";
import type { HealthMeasure, HealthModel } from "@/lib/health/model";
import { Alert, Card } from "@/components/ui/card";
import { Button } from "@/components/ui/button";
import { useUnsavedWarning } from "@/components/mapping/use-unsaved-warning";

// Edits a copy of a model version and saves it as the next version (not active until activated).
// Weights, linear bounds, direction, colour bands and "any red" are edited in the table; tiers,
// segments, groups, new measures and sources in the JSON beside it, which is the whole model.

const input = "w-20 rounded-md border border-slate-300 px-2 py-1 text-sm";

function numberOr(value: string, fallback: number): number {
  const n = Number(value);
  return value.trim() !== "" && Number.isFinite(n) ? n : fallback;
}

function MeasureRow({ measure, onChange, error }: { measure: HealthMeasure; onChange: (m: HealthMeasure) => void; error?: string }) {
  const n = measure.normalisation;
  return (
    <tr className="border-t border-slate-100 align-top">
      <td className="py-2 pr-3 text-sm text-slate-900">
        {measure.label}
        {error && <p className="mt-1 text-xs text-red-600">{error}</p>}
      </td>
      <td className="py-2 pr-3">
        <input aria-label={`Weight of ${measure.label}`} type="number" min={0} step="any" className={input} value={measure.weight} onChange={(e) => onChange({ ...measure, weight: numberOr(e.target.value, measure.weight) })} />
      </td>
      <td className="py-2 pr-3">
        <select
          aria-label={`Direction of ${measure.label}`}
          className="rounded-md border border-slate-300 px-2 py-1 text-sm"
          value={measure.direction}
          onChange={(e) => onChange({ ...measure, direction: e.target.value as HealthMeasure["direction"] })}
        >
          <option value="higher-is-better">Higher is better</option>
          <option value="lower-is-better">Lower is better</option>
        </select>
      </td>
      <td className="py-2 text-sm text-slate-700">
        {n.kind === "linear" ? (
          <span className="flex items-center gap-1">
            <input aria-label={`Lower bound of ${measure.label}`} type="number" step="any" className={input} value={n.min} onChange={(e) => onChange({ ...measure, normalisation: { ...n, min: numberOr(e.target.value, n.min) } })} />
            to
            <input aria-label={`Upper bound of ${measure.label}`} type="number" step="any" className={input} value={n.max} onChange={(e) => onChange({ ...measure, normalisation: { ...n, max: numberOr(e.target.value, n.max) } })} />
          </span>
        ) : (
          <span>Tiered ({n.tiers.length} tiers): edit in the JSON</span>
        )}
      </td>
    </tr>
  );
}

export function ModelEditor({ base, baseVersion }: { base: HealthModel; baseVersion: number }) {
  const router = useRouter();
  const [model, setModel] = useState<HealthModel>(base);
  const [json, setJson] = useState<string | null>(null);
  const [note, setNote] = useState("");
  const [saved, setSaved] = useState<number | null>(null);
  const dirty = json !== null || JSON.stringify(model) !== JSON.stringify(base);
  useUnsavedWarning(dirty && saved === null, "Your model changes are not saved. Leave this page and lose them?");

  const save = useMutation({
    mutationFn: () => {
      let body: unknown = model;
      if (json !== null) {
        try {
          body = JSON.parse(json);
        } catch {
          throw new ApiError("The JSON is not valid: check quotes, commas and brackets, then save again.", 422, "INVALID_INPUT");
        }
      }
      return api<{ version: number }>("/api/health/models", { method: "POST", body: { model: body, note: note || null } });
    },
    onSuccess: ({ version }) => {
      setSaved(version);
      router.refresh();
    },
  });
  const fields = save.error instanceof ApiError ? save.error.fields : {};
  const edit = (next: HealthModel) => {
    setModel(next);
    setSaved(null);
    save.reset();
  };

  return (
    <Card>
      <h2 className="text-base font-semibold text-slate-900">Edit as a new version</h2>
      <p className="mt-1 text-sm text-slate-600">
        Starts from version {baseVersion}. Saving writes the next version; it scores only once you activate it, so compare first. Weights are relative: each measure
        carries its weight&apos;s share of the total.
      </p>
      {json === null ? (
        <>
          <table className="mt-3 w-full text-left">
            <thead>
              <tr className="text-xs uppercase tracking-wide text-slate-500">
                <th className="pb-1 pr-3 font-medium">Measure</th>
                <th className="pb-1 pr-3 font-medium">Weight</th>
                <th className="pb-1 pr-3 font-medium">Direction</th>
                <th className="pb-1 font-medium">Scores 0 → 100 between</th>
              </tr>
            </thead>
            <tbody>
              {model.measures.map((m, i) => (
                <MeasureRow
                  key={m.key}
                  measure={m}
                  error={Object.entries(fields).find(([k]) => k.startsWith(`measures.${i}.`))?.[1]}
                  onChange={(next) => edit({ ...model, measures: model.measures.map((x, j) => (j === i ? next : x)) })}
                />
              ))}
            </tbody>
          </table>
          <div className="mt-4 flex flex-wrap items-end gap-4 text-sm text-slate-700">
            <label className="flex flex-col gap-1">
              Red below
              <input type="number" min={0} max={100} step="any" className={input} value={model.bands.red} onChange={(e) => edit({ ...model, bands: { ...model.bands, red: numberOr(e.target.value, model.bands.red) } })} />
            </label>
            <label className="flex flex-col gap-1">
              Green from
              <input type="number" min={0} max={100} step="any" className={input} value={model.bands.green} onChange={(e) => edit({ ...model, bands: { ...model.bands, green: numberOr(e.target.value, model.bands.green) } })} />
            </label>
            <label className="flex items-center gap-2">
              <input type="checkbox" checked={model.anyRedIsRed} onChange={(e) => edit({ ...model, anyRedIsRed: e.target.checked })} />
              Any measure red makes the account red
            </label>
          </div>
          {(fields["bands.green"] || fields["bands.red"] || fields["bands.critical"]) && <p className="mt-1 text-xs text-red-600">{fields["bands.green"] ?? fields["bands.red"] ?? fields["bands.critical"]}</p>}
        </>
      ) : (
        <label className="mt-3 block text-sm text-slate-700">
          The whole model as JSON (measures with their sources, tiers, groups, segment bands)
          <textarea aria-label="Model JSON" className="mt-1 h-96 w-full rounded-md border border-slate-300 p-2 font-mono text-xs" value={json} onChange={(e) => setJson(e.target.value)} />
        </label>
      )}
      <div className="mt-4 flex flex-wrap items-end gap-3">
        <label className="flex grow flex-col gap-1 text-sm text-slate-700">
          What changed, and why
          <input className="rounded-md border border-slate-300 px-2 py-1 text-sm" maxLength={500} value={note} onChange={(e) => setNote(e.target.value)} />
        </label>
        <Button type="button" variant="secondary" onClick={() => setJson(json === null ? JSON.stringify(model, null, 2) : null)}>
          {json === null ? "Edit as JSON" : "Back to the table"}
        </Button>
        <Button type="button" onClick={() => save.mutate()} disabled={save.isPending || !dirty}>
          {save.isPending ? "Saving…" : "Save as new version"}
        </Button>
      </div>
      {save.error && (
        <div className="mt-3">
          <Alert tone="red">
            {save.error.message}
            {Object.keys(fields).length > 0 && (
              <ul className="mt-1 list-disc pl-5">
                {Object.entries(fields).map(([k, v]) => (
                  <li key={k}>
                    {k}: {v}
                  </li>
                ))}
              </ul>
            )}
          </Alert>
        </div>
      )}
      {saved !== null && (
        <div className="mt-3">
          <Alert tone="green">Saved as version {saved}. It does not score yet: activate it in the list of versions.</Alert>
        </div>
      )}
    </Card>
  );
}
