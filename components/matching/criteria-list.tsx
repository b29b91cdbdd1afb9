"use client";

import { DndContext, KeyboardSensor, PointerSensor, closestCenter, useSensor, useSensors, type Announcements, type DragEndEvent, type UniqueIdentifier } from "@dnd-kit/core";
import { SortableContext, arrayMove, sortableKeyboardCoordinates, useSortable, verticalListSortingStrategy } from "@dnd-kit/sortable";
import { CSS } from "@dnd-kit/utilities";
import { useId } from "react";
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

function Row({ row, index, rank, count, onChange, onMove, onRemove }: {
  row: CriterionRow;
  index: number;
  /** Priority among the enabled criteria (1 = tried first); null when disabled. */
  rank: number | null;
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
      <span className="mt-0.5 w-5 text-right text-xs tabular-nums text-slate-400" title={rank ? `Tried ${rank === 1 ? "first" : `at step ${rank}`}` : "Off"}>
        {rank ?? "–"}
      </span>
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
  // A stable id keeps dnd-kit's screen reader hints identical between the server and the browser.
  const dndId = useId();
  const sensors = useSensors(useSensor(PointerSensor), useSensor(KeyboardSensor, { coordinateGetter: sortableKeyboardCoordinates }));
  const labelOf = (id: UniqueIdentifier) => {
    const row = rows.find((r) => r.id === id);
    return row ? criterionLabel(row.criterion) : String(id);
  };
  const positionOf = (id: UniqueIdentifier) => `position ${rows.findIndex((r) => r.id === id) + 1} of ${rows.length}`;
  const announcements: Announcements = {
    onDragStart: ({ active }) => `Picked up ${labelOf(active.id)} at ${positionOf(active.id)}.`,
    onDragOver: ({ active, over }) => (over ? `${labelOf(active.id)} is over ${positionOf(over.id)}.` : `${labelOf(active.id)} is outside the list.`),
    onDragEnd: ({ active, over }) => (over ? `${labelOf(active.id)} dropped at ${positionOf(over.id)}.` : `${labelOf(active.id)} dropped where it was.`),
    onDragCancel: ({ active }) => `Reordering cancelled; ${labelOf(active.id)} stays at ${positionOf(active.id)}.`,
  };
  const onDragEnd = (e: DragEndEvent) => {
    if (!e.over || e.active.id === e.over.id) return;
    const from = rows.findIndex((r) => r.id === e.active.id);
    const to = rows.findIndex((r) => r.id === e.over!.id);
    onRows(arrayMove(rows, from, to));
  };
  return (
    <section aria-label={title}>
      <h3 className="mb-2 text-sm font-semibold text-slate-900">{title}</h3>
      <DndContext
        id={dndId}
        sensors={sensors}
        collisionDetection={closestCenter}
        onDragEnd={onDragEnd}
        accessibility={{
          announcements,
          screenReaderInstructions: {
            draggable: "To reorder, press space or enter on the handle, move with the up and down arrow keys, then press space or enter to drop, or escape to cancel.",
          },
        }}
      >
        <SortableContext items={rows.map((r) => r.id)} strategy={verticalListSortingStrategy}>
          <ol className="space-y-2">
            {rows.map((row, i) => (
              <Row
                key={row.id}
                row={row}
                index={i}
                rank={row.enabled ? rows.slice(0, i + 1).filter((r) => r.enabled).length : null}
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
