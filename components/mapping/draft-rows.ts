import type { FieldMapping, MappingDirection, MappingOwner, MappingSource } from "@/lib/mapping/mapping-schema";
import { PUSH_PREFIX } from "@/lib/mapping/prefix-rule";
import { mappingTypeOf, SYSTEM_LABEL, type AnalyticsSystem, type FieldSystem } from "@/lib/mapping/types";
import type { WriteMode } from "@/lib/mapping/write-mode";
import type { Entity, EntityFields, FieldOption } from "@/lib/field-mappings/mapping-rows";
import type { PickerOption } from "@/components/mapping/field-picker";

// The editor's rows and what each picker offers. Rows stay in one list in the order they were
// added, so a problem's index (lib/field-mappings/mapping-rows.ts) is the row's position here.

export interface DraftRow {
  /** React's key: stable while the row is edited. */
  key: string;
  entity: Entity;
  direction: MappingDirection;
  source: MappingSource;
  targetField: string;
  writeMode: WriteMode;
  owner: MappingOwner | null;
}

let serial = 0;
const nextKey = () => `row-${++serial}`;

export function draftsFromMappings(mappings: readonly FieldMapping[]): DraftRow[] {
  return mappings.map((m) => ({ key: nextKey(), entity: m.entity, direction: m.direction, source: m.source, targetField: m.targetField, writeMode: m.writeMode, owner: m.owner }));
}

export function newDraft(entity: Entity, direction: MappingDirection): DraftRow {
  return { key: nextKey(), entity, direction, source: { kind: "field", field: "" }, targetField: "", writeMode: "always", owner: null };
}

/** The rows as the API takes them (the integration comes from the address). */
export function rowsForSave(rows: readonly DraftRow[]) {
  return rows.map(({ entity, direction, source, targetField, writeMode, owner }) => ({ entity, direction, source, targetField, writeMode, owner }));
}

/** Whether the rows differ from the saved set: what the unsaved-changes warning asks. */
export function rowsChanged(rows: readonly DraftRow[], saved: readonly FieldMapping[]): boolean {
  const strip = (m: FieldMapping) => ({ entity: m.entity, direction: m.direction, source: m.source, targetField: m.targetField, writeMode: m.writeMode, owner: m.owner });
  return JSON.stringify(rowsForSave(rows)) !== JSON.stringify(saved.map(strip));
}

/** What the source picker holds: a field name, or `calculated:<key>` for a KPI. */
export const sourceField = (row: DraftRow) => (row.source.kind === "field" ? row.source.field : `calculated:${row.source.key}`);

/** The source a picked name stands for. */
export function sourceFromPick(name: string): MappingSource {
  return name.startsWith("calculated:") ? { kind: "calculated", key: name.slice("calculated:".length) } : { kind: "field", field: name };
}

/** The two sides of a row: which system each picker lists. */
export function sides(direction: MappingDirection, system: AnalyticsSystem): { source: FieldSystem; target: FieldSystem } {
  return direction === "push-to-salesforce" ? { source: system, target: "salesforce" } : { source: "salesforce", target: system };
}

function caution(field: FieldOption, side: FieldSystem, role: "source" | "target", system: AnalyticsSystem, partner: FieldOption | undefined, partnerSide: FieldSystem): string | undefined {
  const tool = SYSTEM_LABEL[system];
  if (role === "target" && side === "salesforce" && !field.pushTarget) {
    const prefixed = field.name.toLowerCase().startsWith(PUSH_PREFIX[system].toLowerCase());
    return prefixed ? "Read-only for the connected user: cannot be written." : `Belongs to Salesforce: ${tool} writes only ${PUSH_PREFIX[system]} fields.`;
  }
  if (role === "target" && side === "pendo" && !field.name.startsWith("custom.")) return "Not a Pendo custom field: Clearinghouse writes custom fields only.";
  const kind = mappingTypeOf({ system: side, type: field.type });
  if (!kind) return `Type ${field.type} cannot be mapped.`;
  const other = partner ? mappingTypeOf({ system: partnerSide, type: partner.type }) : null;
  if (other && other !== kind) return `Holds ${kind} values; ${partner!.label} holds ${other}.`;
  return undefined;
}

/**
 * What one picker of a row offers: every field of its side, the ones the row could use first, and
 * beside the others the reason they would be refused (so choosing one shows the full rule at once).
 */
export function pickerOptions(fields: EntityFields | undefined, row: DraftRow, role: "source" | "target", system: AnalyticsSystem): PickerOption[] {
  const side = sides(row.direction, system)[role];
  const partnerSide = sides(row.direction, system)[role === "source" ? "target" : "source"];
  const list = (s: FieldSystem) => (s === "salesforce" ? fields?.salesforce : fields?.tool) ?? [];
  const partnerName = role === "source" ? row.targetField : sourceField(row);
  const partner = list(partnerSide).find((f) => f.name === partnerName);
  const options = list(side)
    // Pull targets are the tool's attributes: its record id and last seen are never written back.
    .filter((f) => !(role === "target" && side !== "salesforce" && f.recordField))
    .map((f): PickerOption => ({ name: f.name, label: f.label, type: f.type, caution: caution(f, side, role, system, partner, partnerSide) }));
  // A push's source may also be a KPI Clearinghouse calculates (account mappings only).
  if (role === "source" && row.direction === "push-to-salesforce") {
    const target = row.targetField ? fields?.salesforce.find((f) => f.name === row.targetField) : undefined;
    const targetKind = target ? mappingTypeOf({ system: "salesforce", type: target.type }) : null;
    for (const k of fields?.calculated ?? []) {
      const clash = targetKind && targetKind !== k.type ? `Holds ${k.type} values; ${target!.label} holds ${targetKind}.` : undefined;
      options.push({ name: `calculated:${k.name}`, label: `KPI: ${k.label}`, type: k.type, ...(clash ? { caution: clash } : {}) });
    }
  }
  return [...options.filter((o) => !o.caution), ...options.filter((o) => o.caution)];
}
