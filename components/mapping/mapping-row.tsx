"use client";

import { clsx } from "clsx";
import { useId } from "react";
import type { MappingOwner } from "@/lib/mapping/mapping-schema";
import { SYSTEM_LABEL, type AnalyticsSystem } from "@/lib/mapping/types";
import { WRITE_MODES, type WriteMode } from "@/lib/mapping/write-mode";
import type { EntityFields, RowProblem } from "@/lib/field-mappings/mapping-rows";
import { FieldPicker } from "@/components/mapping/field-picker";
import { pickerOptions, sourceField, sourceFromPick, type DraftRow } from "@/components/mapping/draft-rows";

export const WRITE_MODE_TEXT: Record<WriteMode, { label: string; explanation: string }> = {
  always: { label: "Always", explanation: "Every sync writes the value; an empty source clears the target." },
  whenEmpty: { label: "Only when the target is empty", explanation: "Fills an empty target once and never overwrites a value a person typed." },
  neverNull: { label: "Never write nulls", explanation: "Writes whenever the source has a value; an empty source leaves the target as it is." },
};

const select = "rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm text-slate-900 shadow-sm focus:outline-none focus:ring-2 focus:ring-brand-600";

/** "Gainsight PX attribute" / "Pendo field": what a tool calls its fields. */
export const toolFieldNoun = (system: AnalyticsSystem) => (system === "px" ? `${SYSTEM_LABEL.px} attribute` : `${SYSTEM_LABEL.pendo} field`);

export function MappingRow({
  row,
  position,
  system,
  fields,
  problems,
  notes,
  paired,
  autoFocus,
  onChange,
  onOwner,
  onRemove,
}: {
  row: DraftRow;
  /** 1-based, within its tab. */
  position: number;
  system: AnalyticsSystem;
  fields: EntityFields | undefined;
  problems: RowProblem[];
  notes: string[];
  /** The same pair is mapped the other way too, so the row must name an owner. */
  paired: boolean;
  autoFocus: boolean;
  onChange: (row: DraftRow) => void;
  onOwner: (owner: MappingOwner | null) => void;
  onRemove: () => void;
}) {
  const id = useId();
  const push = row.direction === "push-to-salesforce";
  const name = `${push ? "Push" : "Pull"} mapping ${position}`;
  const problemsId = `${id}-problems`;
  const has = (path: RowProblem["path"]) => problems.some((p) => p.path === path);
  const tool = SYSTEM_LABEL[system];
  const labels = push ? { source: toolFieldNoun(system), target: "Salesforce field" } : { source: "Salesforce field", target: toolFieldNoun(system) };
  const showOwner = paired || row.owner !== null;

  return (
    <li role="group" aria-label={name} className={clsx("rounded-md border bg-white p-3", problems.length ? "border-red-300" : "border-slate-200")}>
      <div className="grid items-start gap-3 md:grid-cols-[minmax(0,1fr)_auto_minmax(0,1fr)_minmax(0,16rem)_auto]">
        <FieldPicker
          label={labels.source}
          options={pickerOptions(fields, row, "source", system)}
          value={sourceField(row)}
          onChange={(picked) => onChange({ ...row, source: sourceFromPick(picked) })}
          invalid={has("source")}
          describedBy={problems.length ? problemsId : undefined}
          autoFocus={autoFocus}
        />
        <span aria-hidden="true" className="hidden pt-7 text-slate-400 md:block">
          →
        </span>
        <FieldPicker
          label={labels.target}
          options={pickerOptions(fields, row, "target", system)}
          value={row.targetField}
          onChange={(targetField) => onChange({ ...row, targetField })}
          invalid={has("targetField")}
          describedBy={problems.length ? problemsId : undefined}
        />
        <div className="flex flex-col gap-1 text-xs text-slate-600">
          <label htmlFor={`${id}-mode`} className="font-medium">
            Write mode
          </label>
          <select id={`${id}-mode`} className={select} value={row.writeMode} onChange={(e) => onChange({ ...row, writeMode: e.target.value as WriteMode })}>
            {WRITE_MODES.map((mode) => (
              <option key={mode} value={mode}>
                {WRITE_MODE_TEXT[mode].label}
              </option>
            ))}
          </select>
          <span className="text-[11px] text-slate-500">{WRITE_MODE_TEXT[row.writeMode].explanation}</span>
        </div>
        <button type="button" className="mt-5 rounded px-2 py-1 text-sm text-slate-600 hover:bg-slate-100" aria-label={`Remove ${name.toLowerCase()}`} onClick={onRemove}>
          Remove
        </button>
      </div>
      {showOwner && (
        <div className="mt-3 flex flex-wrap items-center gap-2 text-xs text-slate-600">
          <label htmlFor={`${id}-owner`} className="font-medium">
            Owner
          </label>
          <select
            id={`${id}-owner`}
            className={clsx(select, has("owner") && "border-red-500")}
            value={row.owner ?? ""}
            aria-invalid={has("owner") || undefined}
            onChange={(e) => onOwner((e.target.value || null) as MappingOwner | null)}
          >
            <option value="">{paired ? "Choose the owner…" : "No owner (mapped one way)"}</option>
            <option value="salesforce">Salesforce owns it</option>
            <option value="analytics">{tool} owns it</option>
          </select>
          <span className="text-[11px] text-slate-500">
            {paired
              ? "This pair is mapped both ways: the owner's value wins, and the other side only reads it."
              : "An owner is only needed when the same pair is mapped both ways."}
          </span>
        </div>
      )}
      {problems.length > 0 && (
        <ul id={problemsId} className="mt-2 space-y-1 text-xs text-red-700" data-testid="row-problems">
          {[...new Set(problems.map((p) => p.message))].map((message) => (
            <li key={message}>{message}</li>
          ))}
        </ul>
      )}
      {notes.length > 0 && (
        <ul className="mt-2 space-y-1 text-xs text-slate-500">
          {notes.map((n) => (
            <li key={n}>{n}</li>
          ))}
        </ul>
      )}
    </li>
  );
}
