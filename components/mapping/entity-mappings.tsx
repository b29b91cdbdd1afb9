"use client";

import { clsx } from "clsx";
import { useId, useRef } from "react";
import { MAPPING_DIRECTIONS, type MappingDirection, type MappingOwner } from "@/lib/mapping/mapping-schema";
import { SYSTEM_LABEL, type AnalyticsSystem } from "@/lib/mapping/types";
import { DIRECTION_TITLE, entityTitle, type Entity, type EntityFields, type RowProblem } from "@/lib/field-mappings/mapping-rows";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { MappingRow, toolFieldNoun } from "@/components/mapping/mapping-row";
import type { DraftRow } from "@/components/mapping/draft-rows";

// One entity's mappings (accounts, or contacts as Pendo visitors / PX users), in two tabs: the
// Salesforce fields pulled into the tool, and the tool's fields pushed into Salesforce.

function toolRecords(entity: Entity, system: AnalyticsSystem): string {
  if (entity === "account") return `${SYSTEM_LABEL[system]} accounts`;
  return system === "pendo" ? "Pendo visitors" : "Gainsight PX users";
}

export function EntityMappings({
  entity,
  system,
  prefix,
  fields,
  rows,
  problems,
  notes,
  pairs,
  tab,
  onTab,
  focusKey,
  onRow,
  onOwner,
  onRemove,
  onAdd,
}: {
  entity: Entity;
  system: AnalyticsSystem;
  prefix: string;
  fields: EntityFields | undefined;
  /** Every row of the set; this card shows the ones of its entity, by their index in this list. */
  rows: DraftRow[];
  problems: Map<number, RowProblem[]>;
  notes: Map<number, string[]>;
  pairs: Map<number, number>;
  tab: MappingDirection;
  onTab: (direction: MappingDirection) => void;
  /** The row just added, whose first picker takes the focus. */
  focusKey: string | null;
  onRow: (index: number, row: DraftRow) => void;
  onOwner: (index: number, owner: MappingOwner | null) => void;
  onRemove: (index: number) => void;
  onAdd: (direction: MappingDirection) => void;
}) {
  const id = useId();
  const tabs = useRef<Record<string, HTMLButtonElement | null>>({});
  const title = entityTitle(entity, system);
  const mine = rows.map((row, index) => ({ row, index })).filter((r) => r.row.entity === entity);
  const inTab = (direction: MappingDirection) => mine.filter((r) => r.row.direction === direction);
  const toFix = (direction: MappingDirection) => inTab(direction).filter((r) => problems.has(r.index)).length;
  const shown = inTab(tab);
  const records = toolRecords(entity, system);

  return (
    <Card>
      <div aria-labelledby={`${id}-title`} role="region">
        <h2 id={`${id}-title`} className="text-lg font-semibold text-slate-900">
          {title}
        </h2>
        <p className="mt-0.5 text-sm text-slate-600">
          Salesforce {fields?.salesforceObject ?? (entity === "account" ? "Account" : "Contact")} records and the {records} linked to them.
        </p>
        <div role="tablist" aria-label={`${title}: direction`} className="mt-4 flex gap-1 border-b border-slate-200">
          {MAPPING_DIRECTIONS.map((direction, i) => {
            const selected = direction === tab;
            const count = inTab(direction).length;
            const fix = toFix(direction);
            return (
              <button
                key={direction}
                ref={(el) => {
                  tabs.current[direction] = el;
                }}
                type="button"
                role="tab"
                id={`${id}-tab-${direction}`}
                aria-selected={selected}
                aria-controls={`${id}-panel-${direction}`}
                tabIndex={selected ? 0 : -1}
                className={clsx("-mb-px border-b-2 px-3 py-2 text-sm font-medium", selected ? "border-brand-600 text-brand-700" : "border-transparent text-slate-600 hover:text-slate-900")}
                onClick={() => onTab(direction)}
                onKeyDown={(e) => {
                  if (e.key !== "ArrowRight" && e.key !== "ArrowLeft") return;
                  const next = MAPPING_DIRECTIONS[(i + 1) % MAPPING_DIRECTIONS.length]!;
                  onTab(next);
                  tabs.current[next]?.focus();
                }}
              >
                {DIRECTION_TITLE[direction]} <span className="ml-1 rounded-full bg-slate-100 px-1.5 text-xs text-slate-600">{count}</span>
                {fix > 0 && <span className="ml-1 text-xs text-red-700">· {fix} to fix</span>}
              </button>
            );
          })}
        </div>
        <div role="tabpanel" id={`${id}-panel-${tab}`} aria-labelledby={`${id}-tab-${tab}`} className="pt-4">
          <p className="mb-3 text-xs text-slate-600">
            {tab === "push-to-salesforce"
              ? `Values of the ${records} written into their Salesforce records. A target must be a Salesforce field whose API name starts with ${prefix} and that the connected user may edit; every other field belongs to Salesforce and is never written.`
              : `Values of the Salesforce records written into the ${toolFieldNoun(system)}s of the ${records} linked to them.`}
          </p>
          {shown.length === 0 ? (
            <p className="rounded-md border border-dashed border-slate-300 px-3 py-4 text-center text-sm text-slate-600">
              No {tab === "push-to-salesforce" ? "field is pushed to Salesforce" : "field is pulled from Salesforce"} for {title.toLowerCase()}. Add a mapping to start.
            </p>
          ) : (
            <ol className="space-y-3" aria-label={`${title}: ${DIRECTION_TITLE[tab].toLowerCase()}`}>
              {shown.map(({ row, index }, position) => (
                <MappingRow
                  key={row.key}
                  row={row}
                  position={position + 1}
                  system={system}
                  fields={fields}
                  problems={problems.get(index) ?? []}
                  notes={notes.get(index) ?? []}
                  paired={pairs.has(index)}
                  autoFocus={row.key === focusKey}
                  onChange={(next) => onRow(index, next)}
                  onOwner={(owner) => onOwner(index, owner)}
                  onRemove={() => onRemove(index)}
                />
              ))}
            </ol>
          )}
          <div className="mt-3">
            <Button variant="secondary" onClick={() => onAdd(tab)}>
              Add mapping
            </Button>
          </div>
        </div>
      </div>
    </Card>
  );
}
