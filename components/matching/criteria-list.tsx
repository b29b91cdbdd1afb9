"use client";

import { DndContext, KeyboardSensor, PointerSensor, closestCenter, useSensor, useSensors, type DragEndEvent } from "@dnd-kit/core";
import { SortableContext, arrayMove, sortableKeyboardCoordinates, useSortable, verticalListSortingStrategy } from "@dnd-kit/sortable";
import { CSS } from "@dnd-kit/utilities";
import { clsx } from "clsx";
import { criterionLabel } from "@/lib/matching/rules";
import { move, type CriterionRow } from "@/components/matching/criteria-rows";

const HELP: Record<string, string> = {
  salesforceId: "The Salesforce account ID the tool carries (15 or 18 characters, any case).",
  salesforceContactId: "The Salesforce contact ID the tool carries.",
  domain: "Website registrable domain: scheme, www., path, port and case ignored.",
  name: "Trimmed and case-folded; tick Exact to compare as written.",
  recentUserDomain: "The company email domain shared by more than 50 of the 100 most recent users, against Salesforce websites. Free-mail never counts.",
  email: "Case-insensitive; an email two Salesforce contacts share is not a match.",
  phone: "Normalised to E.164; a number two contacts share is not a match.",
  customField: "A field on each side, same type (text or whole number).",
};

function Row({ row, index, count, onChange, onMove, onRemove }: {
  row: CriterionRow;
  index: number;
  count: number;
  onChange: (row: CriterionRow) => void;
  onMove: (to: number) => void;
  onRemove?: () => void;
}) {
  const { attributes, listeners, setNodeRef, transform, transition, isDragging } = useSortable({ id: row.id });
  const label = criterionLabel(row.criterion);
  return (
    <li
      ref={setNodeRef}
      style={{ transform: CSS.Transform.toString(transform), transition }}
      className={clsx("flex items-start gap-3 rounded-md border bg-white px-3 py-2", isDragging ? "border-brand-600 shadow" : "border-slate-200", !row.enabled && "opacity-70")}
      data-testid={`criterion-${row.id}`}
    >
      <button type="button" className="mt-0.5 cursor-grab px-1 text-slate-400 hover:text-slate-700" aria-label={`Drag ${label} to reorder`} {...attributes} {...listeners}>
        ⠿
      </button>
      <span className="mt-0.5 w-5 text-right text-xs tabular-nums text-slate-400">{row.enabled ? index + 1 : ""}</span>
      <div className="flex-1">
        <label className="flex items-center gap-2 text-sm font-medium text-slate-800">
          <input type="checkbox" checked={row.enabled} onChange={(e) => onChange({ ...row, enabled: e.target.checked })} />
          {label}
        </label>
        <p className="mt-0.5 text-xs text-slate-500">{HELP[row.criterion.kind]}</p>
        {row.criterion.kind === "name" && (
          <label className="mt-1 flex items-center gap-2 text-xs text-slate-700">
            <input
              type="checkbox"
              checked={row.criterion.exact}
              onChange={(e) => onChange({ ...row, id: row.id, criterion: { kind: "name", exact: e.target.checked } })}
            />
            Exact (no case folding)
          </label>
        )}
      </div>
      <div className="flex gap-1">
        <button type="button" className="rounded px-1.5 text-slate-500 hover:bg-slate-100 disabled:opacity-30" aria-label={`Move ${label} up`} disabled={index === 0} onClick={() => onMove(index - 1)}>
          ↑
        </button>
        <button type="button" className="rounded px-1.5 text-slate-500 hover:bg-slate-100 disabled:opacity-30" aria-label={`Move ${label} down`} disabled={index === count - 1} onClick={() => onMove(index + 1)}>
          ↓
        </button>
        {onRemove && (
          <button type="button" className="rounded px-1.5 text-slate-500 hover:bg-slate-100" aria-label={`Remove ${label}`} onClick={onRemove}>
            ✕
          </button>
        )}
      </div>
    </li>
  );
}

/** Criteria in priority order: drag, keyboard (space, arrows) or the arrow buttons reorder them. */
export function CriteriaList({ title, rows, onRows }: { title: string; rows: CriterionRow[]; onRows: (rows: CriterionRow[]) => void }) {
  const sensors = useSensors(useSensor(PointerSensor), useSensor(KeyboardSensor, { coordinateGetter: sortableKeyboardCoordinates }));
  const onDragEnd = (e: DragEndEvent) => {
    if (!e.over || e.active.id === e.over.id) return;
    const from = rows.findIndex((r) => r.id === e.active.id);
    const to = rows.findIndex((r) => r.id === e.over!.id);
    onRows(arrayMove(rows, from, to));
  };
  return (
    <section aria-label={title}>
      <h3 className="mb-2 text-sm font-semibold text-slate-900">{title}</h3>
      <DndContext sensors={sensors} collisionDetection={closestCenter} onDragEnd={onDragEnd}>
        <SortableContext items={rows.map((r) => r.id)} strategy={verticalListSortingStrategy}>
          <ol className="space-y-2">
            {rows.map((row, i) => (
              <Row
                key={row.id}
                row={row}
                index={i}
                count={rows.length}
                onChange={(next) => onRows(rows.map((r) => (r.id === row.id ? next : r)))}
                onMove={(to) => onRows(move(rows, i, to))}
                onRemove={row.criterion.kind === "customField" ? () => onRows(rows.filter((r) => r.id !== row.id)) : undefined}
              />
            ))}
          </ol>
        </SortableContext>
      </DndContext>
    </section>
  );
}
