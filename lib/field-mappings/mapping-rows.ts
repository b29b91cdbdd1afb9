import { checkMappingSet } from "@/lib/mapping/check-mapping-set";
import { fieldMappingSchema, sourceKey, type FieldMapping, type MappingDirection } from "@/lib/mapping/mapping-schema";
import { fieldTitle, SYSTEM_LABEL, type AnalyticsSystem, type FieldRef, type MappingType } from "@/lib/mapping/types";
import { validateMapping, type MappingContext } from "@/lib/mapping/validate-mapping";

// The rules a whole set of mapping rows must pass, in one pure function: the editor runs it on every
// change (so a refused pair says why at once) and the save runs it again on the server, so the page
// and the API refuse the same rows with the same sentences.

export type Entity = FieldMapping["entity"];
export const ENTITIES: readonly Entity[] = ["account", "contact"];

/** One field a picker offers, with what the rules need to judge a pair. */
export interface FieldOption {
  name: string;
  label: string;
  type: string;
  /** Salesforce only. */
  length?: number;
  scale?: number;
  nillable?: boolean;
  updateable?: boolean;
  /** Salesforce: carries this tool's prefix and is updateable, so a push may write it. */
  pushTarget?: boolean;
  /**
   * Tool only: a value the hub keeps on the record (PX's record id, last seen) rather than an
   * attribute of the tool's schema. It may be pushed, but nothing writes it back into the tool.
   */
  recordField?: boolean;
}

/** Both sides' fields for one entity: the Salesforce object's describe and the tool's attributes. */
export interface EntityFields {
  entity: Entity;
  /** The Salesforce object the entity maps to (Account, Contact or the custom source object). */
  salesforceObject: string;
  salesforce: FieldOption[];
  tool: FieldOption[];
  /** Values Clearinghouse calculates (KPIs) that may be pushed: name = the key, type = its kind of value. */
  calculated?: FieldOption[];
}

export type RowPath = "source" | "targetField" | "writeMode" | "owner" | "row";

export interface RowProblem {
  /** Position in the list of rows checked. */
  index: number;
  path: RowPath;
  code: string;
  message: string;
}

export interface CheckedRows {
  /** Each row parsed, or null when its shape is refused. */
  mappings: (FieldMapping | null)[];
  problems: RowProblem[];
  /** Sentences that are no problem (Salesforce percent scale…), per row. */
  notes: Map<number, string[]>;
}

export const DIRECTION_TITLE: Readonly<Record<MappingDirection, string>> = {
  "pull-from-salesforce": "Pulled from Salesforce",
  "push-to-salesforce": "Pushed to Salesforce",
};

export function entityTitle(entity: Entity, system: AnalyticsSystem): string {
  if (entity === "account") return "Accounts";
  return system === "pendo" ? "Contacts (Pendo visitors)" : "Contacts (PX users)";
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
const entityOf = (row: unknown) => (isRecord(row) && (row.entity === "account" || row.entity === "contact") ? row.entity : null);
const directionOf = (row: unknown) => (isRecord(row) && typeof row.direction === "string" && row.direction in DIRECTION_TITLE ? (row.direction as MappingDirection) : null);

/** How a sentence names a row: where the editor shows it ("Accounts › Pushed to Salesforce, row 2"). */
export function rowLabel(rows: readonly unknown[], index: number, system: AnalyticsSystem): string {
  const row = rows[index];
  const entity = entityOf(row);
  const direction = directionOf(row);
  if (!entity || !direction) return `Mapping ${index + 1}`;
  const n = rows.slice(0, index + 1).filter((r) => entityOf(r) === entity && directionOf(r) === direction).length;
  return `${entityTitle(entity, system)} › ${DIRECTION_TITLE[direction]}, row ${n}`;
}

/** The lookups validateMapping reads, built from the options the page was given. */
export function mappingContext(system: AnalyticsSystem, fields: EntityFields | undefined): MappingContext {
  const salesforce = new Map<string, FieldRef>((fields?.salesforce ?? []).map((f) => [f.name, { system: "salesforce", ...f }]));
  const tool = new Map<string, FieldRef>((fields?.tool ?? []).map((f) => [f.name, { system, ...f }]));
  const calculatedSources = new Map<string, MappingType>((fields?.calculated ?? []).map((f) => [f.name, f.type as MappingType]));
  return { system, salesforceFields: salesforce, analyticsFields: tool, calculatedSources };
}

function pathOf(first: PropertyKey | undefined): RowPath {
  return first === "source" || first === "targetField" || first === "writeMode" || first === "owner" ? first : "row";
}

/**
 * Parses and checks every row of one integration's mapping set: each row's shape (zod), then its
 * fields (validateMapping: they exist, push targets carry the prefix and are updateable, the types
 * sit on one row of seed 001's table), then the set as a whole (checkMappingSet: a target written
 * twice, an owner for a field mapped both ways). Cost: O(n) over the rows plus the field lists.
 */
export function checkMappingRows(system: AnalyticsSystem, integrationId: string, rows: readonly unknown[], entities: readonly EntityFields[]): CheckedRows {
  const problems: RowProblem[] = [];
  const notes = new Map<number, string[]>();
  const mappings = rows.map((row, index) => {
    if (!isRecord(row)) {
      problems.push({ index, path: "row", code: "INVALID_ROW", message: "This row is not a mapping; add it again from the list." });
      return null;
    }
    const parsed = fieldMappingSchema.safeParse({ ...row, integrationId });
    if (parsed.success) return parsed.data;
    const seen = new Set<RowPath>();
    for (const issue of parsed.error.issues) {
      const path = pathOf(issue.path[0]);
      if (seen.has(path)) continue;
      seen.add(path);
      problems.push({ index, path, code: "INVALID_ROW", message: issue.message });
    }
    return null;
  });

  const contexts = new Map(ENTITIES.map((entity) => [entity, mappingContext(system, entities.find((e) => e.entity === entity))]));
  const recordFields = new Map(ENTITIES.map((entity) => [entity, new Set(entities.find((e) => e.entity === entity)?.tool.filter((f) => f.recordField).map((f) => f.name))]));
  mappings.forEach((mapping, index) => {
    if (!mapping) return;
    const check = validateMapping(mapping, contexts.get(mapping.entity)!);
    if (!check.ok) problems.push(...check.problems.map((p) => ({ index, ...p })));
    else if (check.notes.length) notes.set(index, check.notes);
    if (mapping.direction === "pull-from-salesforce" && recordFields.get(mapping.entity)!.has(mapping.targetField)) {
      const field = contexts.get(mapping.entity)!.analyticsFields.get(mapping.targetField)!;
      problems.push({
        index,
        path: "targetField",
        code: "FIELD_NOT_WRITABLE",
        message: `${fieldTitle(field)} is kept by ${SYSTEM_LABEL[system]} itself, so nothing writes it back. Choose one of its attributes instead.`,
      });
    }
  });

  const parsed = mappings.flatMap((mapping, index) => (mapping ? [{ mapping, index }] : []));
  for (const conflict of checkMappingSet(parsed.map((p) => p.mapping))) {
    for (const i of conflict.indexes) {
      problems.push({ index: parsed[i]!.index, path: conflict.code === "TARGET_MAPPED_TWICE" ? "targetField" : "owner", code: conflict.code, message: conflict.message });
    }
  }
  problems.sort((a, b) => a.index - b.index);
  return { mappings, problems, notes };
}

/**
 * Rows that map the same pair both ways (Salesforce field S pulled into tool field T, and T pushed
 * into S): each must name an owner. Salesforce names compare without case, as checkMappingSet does.
 */
export function pairedRows(rows: readonly { entity: Entity; direction: MappingDirection; source: { kind: string; field?: string }; targetField: string }[]): Map<number, number> {
  const key = (entity: Entity, salesforce: string, tool: string) => `${entity}\u0000${salesforce.toLowerCase()}\u0000${tool}`;
  const pulls = new Map<string, number>();
  rows.forEach((r, i) => {
    if (r.direction === "pull-from-salesforce" && r.source.kind === "field" && r.source.field) pulls.set(key(r.entity, r.source.field, r.targetField), i);
  });
  const pairs = new Map<number, number>();
  rows.forEach((r, i) => {
    if (r.direction !== "push-to-salesforce" || r.source.kind !== "field" || !r.source.field) return;
    const j = pulls.get(key(r.entity, r.targetField, r.source.field));
    if (j === undefined) return;
    pairs.set(i, j).set(j, i);
  });
  return pairs;
}

/** The sentence a refused save says: the first refused row, its pair, every reason, and how many more rows. */
export function refusalMessage(rows: readonly unknown[], checked: CheckedRows, system: AnalyticsSystem): string {
  const first = checked.problems[0]?.index;
  if (first === undefined) return "";
  const mapping = checked.mappings[first];
  const pair = mapping ? ` (${sourceKey(mapping.source)} → ${mapping.targetField})` : "";
  const reasons = [...new Set(checked.problems.filter((p) => p.index === first).map((p) => p.message))].join(" ");
  const others = new Set(checked.problems.map((p) => p.index)).size - 1;
  const more = others > 0 ? ` ${others} more row${others === 1 ? "" : "s"} cannot be saved either; the editor marks each.` : "";
  return `Not saved. ${rowLabel(rows, first, system)}${pair}: ${reasons}${more}`;
}
