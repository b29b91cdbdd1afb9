// Running a compiled query: choose candidate rows (indexes where the WHERE allows), filter,
// sort, page, aggregate, and shape each row the way the REST API returns it.

import type { FieldMeta } from "../metadata/types";
import type { OrgData } from "../org";
import { attributesFor, fieldValue } from "../records";
import { isDeleted, type Table } from "../store";
import { normalizeId } from "../ids";
import type { SfRecord } from "../values";
import {
  compileSoql,
  normalize,
  type AggregateItem,
  type CompiledLeaf,
  type CompiledQuery,
  type Normalized,
  type OrderItem,
  type SelectSubqueryItem,
} from "./compile";
import { followStep, pathValue, type FieldPath } from "./paths";
import type { Cond } from "./where";

export interface QueryRun {
  query: CompiledQuery;
  includeDeleted: boolean;
  /** matching records after ORDER BY / OFFSET / LIMIT (record queries) */
  rows: SfRecord[];
  /** finished rows for aggregate queries */
  aggregateRows?: Record<string, unknown>[];
  totalSize: number;
  childCache: Map<SelectSubqueryItem, Map<string, SfRecord[]>>;
}

export function compileQuery(org: OrgData, soql: string): CompiledQuery {
  return compileSoql(org, soql, {
    now: org.clock.now(),
    runSemiJoin: (inner) => {
      const item = inner.select[0];
      if (!item || item.kind !== "field") return [];
      const run = executeQuery(org, inner, { includeDeleted: false });
      return run.rows.map((rec) => normalize(item.path.field, pathValue(org, rec, item.path)));
    },
  });
}

function topLevelAndLeaves(cond: Cond<CompiledLeaf> | undefined): CompiledLeaf[] {
  if (!cond) return [];
  if (cond.kind === "leaf") return [cond.leaf];
  if (cond.kind === "and") return cond.items.flatMap((c) => (c.kind === "leaf" ? [c.leaf] : c.kind === "and" ? topLevelAndLeaves(c) : []));
  return [];
}

/** Inclusive lower bound on SystemModstamp implied by the WHERE, if any. */
function modstampLowerBound(cond: Cond<CompiledLeaf> | undefined): string | undefined {
  if (!cond) return undefined;
  switch (cond.kind) {
    case "leaf":
      return cond.leaf.plan.fieldName === "SystemModstamp" ? cond.leaf.plan.lowerBound : undefined;
    case "not":
      return undefined;
    case "and": {
      const bounds = cond.items.map(modstampLowerBound).filter((b): b is string => b !== undefined);
      return bounds.length === 0 ? undefined : bounds.reduce((a, b) => (a > b ? a : b));
    }
    case "or": {
      const bounds = cond.items.map(modstampLowerBound);
      if (bounds.some((b) => b === undefined)) return undefined;
      return (bounds as string[]).reduce((a, b) => (a < b ? a : b));
    }
  }
}

function isTopLevel(o: OrderItem | undefined, name: string): boolean {
  return !!o && !!o.path && o.path.steps.length === 0 && o.path.field.name === name && !o.descending;
}

/** Where to look for matches: by Id, by a unique/external-ID index, in modstamp order, or all. */
function candidates(table: Table, query: CompiledQuery, includeDeleted: boolean): { rows: Iterable<SfRecord>; ordered: boolean } {
  const leaves = topLevelAndLeaves(query.where);
  for (const leaf of leaves) {
    if (leaf.plan.fieldName === "Id" && leaf.plan.values && (leaf.plan.op === "=" || leaf.plan.op === "IN")) {
      const rows: SfRecord[] = [];
      for (const v of leaf.plan.values) {
        const id = typeof v === "string" ? normalizeId(v) : undefined;
        const rec = id ? table.get(id) : undefined;
        if (rec) rows.push(rec);
      }
      return { rows, ordered: false };
    }
  }
  for (const leaf of leaves) {
    const name = leaf.plan.fieldName;
    if (includeDeleted || !name || !leaf.plan.values || (leaf.plan.op !== "=" && leaf.plan.op !== "IN") || !table.hasLookup(name)) continue;
    const f = table.meta.fieldByLower.get(name.toLowerCase());
    if (!f || f.caseSensitive) continue;
    const ids = new Set<string>();
    for (const v of leaf.plan.values) if (typeof v === "string") for (const id of table.findBy(f.name, v)) ids.add(id);
    // The lookup holds live records only; queryAll callers fall through to a scan.
    return { rows: [...ids].map((id) => table.get(id)!).filter(Boolean), ordered: false };
  }
  const [first, second, third] = query.orderBy;
  if (isTopLevel(first, "SystemModstamp") && !third && (!second || isTopLevel(second, "Id"))) {
    return { rows: table.modstamp.iterate(table.byId, modstampLowerBound(query.where)), ordered: true };
  }
  return { rows: table.byId.values(), ordered: false };
}

function compareNormalized(a: Normalized, b: Normalized, o: { descending: boolean; nullsFirst: boolean }): number {
  if (a === null || b === null) {
    if (a === b) return 0;
    return (a === null) === o.nullsFirst ? -1 : 1;
  }
  const c = a < b ? -1 : a > b ? 1 : 0;
  return o.descending ? -c : c;
}

function sortRecords(org: OrgData, recs: SfRecord[], orderBy: OrderItem[]): SfRecord[] {
  const keyed = recs.map((rec) => ({
    rec,
    keys: orderBy.map((o) => (o.path ? normalize(o.path.field, pathValue(org, rec, o.path)) : null)),
  }));
  keyed.sort((a, b) => {
    for (let i = 0; i < orderBy.length; i++) {
      const c = compareNormalized(a.keys[i]!, b.keys[i]!, orderBy[i]!);
      if (c !== 0) return c;
    }
    return 0;
  });
  return keyed.map((k) => k.rec);
}

export function executeQuery(org: OrgData, query: CompiledQuery, options: { includeDeleted: boolean }): QueryRun {
  const table = org.store.table(query.object);
  const visible = (rec: SfRecord): boolean => (options.includeDeleted || !isDeleted(rec)) && query.test(rec);
  const run: QueryRun = { query, includeDeleted: options.includeDeleted, rows: [], totalSize: 0, childCache: new Map() };
  const offset = query.offset ?? 0;

  if (query.aggregate) {
    const rows = aggregate(org, query, table, visible);
    run.aggregateRows = rows.slice(offset, query.limit === undefined ? undefined : offset + query.limit);
    run.totalSize = run.aggregateRows.length;
    return run;
  }
  if (query.countOnly) {
    let count = 0;
    for (const rec of candidates(table, query, options.includeDeleted).rows) if (visible(rec)) count++;
    run.totalSize = query.limit === undefined ? count : Math.min(count, query.limit);
    return run;
  }
  const { rows, ordered } = candidates(table, query, options.includeDeleted);
  const needed = query.limit === undefined ? Infinity : offset + query.limit;
  const canStopEarly = ordered || query.orderBy.length === 0;
  let matches: SfRecord[] = [];
  for (const rec of rows) {
    if (!visible(rec)) continue;
    matches.push(rec);
    if (canStopEarly && matches.length >= needed) break;
  }
  if (!ordered && query.orderBy.length > 0) matches = sortRecords(org, matches, query.orderBy);
  run.rows = offset > 0 || query.limit !== undefined ? matches.slice(offset, needed) : matches;
  run.totalSize = run.rows.length;
  return run;
}

interface AggState {
  count: number;
  distinct?: Set<Normalized>;
  sum: number;
  numeric: number;
  min: { n: Normalized; raw: unknown } | undefined;
  max: { n: Normalized; raw: unknown } | undefined;
}

function aggregate(org: OrgData, query: CompiledQuery, table: Table, visible: (rec: SfRecord) => boolean): Record<string, unknown>[] {
  const spec = query.aggregate!;
  const aggItems = spec.items.filter((i): i is AggregateItem => i.kind === "aggregate");
  const groups = new Map<string, { values: unknown[]; normalized: Normalized[]; states: AggState[] }>();
  for (const rec of table.byId.values()) {
    if (!visible(rec)) continue;
    const normalizedKey = spec.groupBy.map((p) => normalize(p.field, pathValue(org, rec, p)));
    const key = JSON.stringify(normalizedKey);
    let group = groups.get(key);
    if (!group) {
      group = {
        values: spec.groupBy.map((p) => pathValue(org, rec, p)),
        normalized: normalizedKey,
        states: aggItems.map((a) => ({ count: 0, sum: 0, numeric: 0, min: undefined, max: undefined, distinct: a.fn === "COUNT_DISTINCT" ? new Set() : undefined })),
      };
      groups.set(key, group);
    }
    aggItems.forEach((item, i) => accumulate(org, group!.states[i]!, item, rec));
  }
  if (groups.size === 0 && spec.groupBy.length === 0) {
    groups.set("[]", {
      values: [],
      normalized: [],
      states: aggItems.map(() => ({ count: 0, sum: 0, numeric: 0, min: undefined, max: undefined, distinct: new Set() })),
    });
  }
  const rows: Array<{ out: Record<string, unknown>; byAlias: Map<string, Normalized> }> = [];
  for (const group of groups.values()) {
    const out: Record<string, unknown> = { attributes: { type: "AggregateResult" } };
    const byAlias = new Map<string, Normalized>();
    for (const item of spec.items) {
      if (item.kind === "group") {
        const idx = spec.groupBy.findIndex((p) => p.canonical === item.path.canonical);
        out[item.alias] = group.values[idx] ?? null;
        byAlias.set(item.alias, group.normalized[idx] ?? null);
      } else {
        const state = group.states[aggItems.indexOf(item)]!;
        const value = finish(item, state);
        if (!item.alias.startsWith("__having")) out[item.alias] = value;
        byAlias.set(item.alias, typeof value === "number" ? value : item.path ? normalize(item.path.field, value as never) : null);
      }
    }
    if (spec.having && !spec.having(byAlias)) continue;
    rows.push({ out, byAlias });
  }
  if (query.orderBy.length > 0) {
    const keyOf = (row: { byAlias: Map<string, Normalized> }, o: OrderItem): Normalized => {
      if (o.aggregate) return row.byAlias.get(o.aggregate.alias) ?? null;
      const item = spec.items.find((i) => i.kind === "group" && o.path && i.path.canonical === o.path.canonical);
      return item ? (row.byAlias.get(item.alias) ?? null) : null;
    };
    rows.sort((a, b) => {
      for (const o of query.orderBy) {
        const c = compareNormalized(keyOf(a, o), keyOf(b, o), o);
        if (c !== 0) return c;
      }
      return 0;
    });
  }
  return rows.map((r) => r.out);
}

function accumulate(org: OrgData, state: AggState, item: AggregateItem, rec: SfRecord): void {
  const raw = item.path ? pathValue(org, rec, item.path) : null;
  if (raw === null) return;
  const field = item.path!.field;
  const n = normalize(field, raw);
  state.count += 1;
  state.distinct?.add(n);
  if (typeof raw === "number") {
    state.sum += raw;
    state.numeric += 1;
  }
  if (!state.min || (n !== null && state.min.n !== null && n < state.min.n)) state.min = { n, raw };
  if (!state.max || (n !== null && state.max.n !== null && n > state.max.n)) state.max = { n, raw };
}

function finish(item: AggregateItem, state: AggState): unknown {
  switch (item.fn) {
    case "COUNT":
      return state.count;
    case "COUNT_DISTINCT":
      return state.distinct?.size ?? 0;
    case "SUM":
      return state.numeric > 0 ? state.sum : null;
    case "AVG":
      return state.numeric > 0 ? state.sum / state.numeric : null;
    case "MIN":
      return state.min?.raw ?? null;
    case "MAX":
      return state.max?.raw ?? null;
  }
}

function placePath(org: OrgData, out: Record<string, unknown>, rec: SfRecord, path: FieldPath, version: string): void {
  let node = out;
  let cur = rec;
  let curMetaName: string | undefined;
  let nameField: FieldMeta | undefined;
  for (const step of path.steps) {
    const key = step.relationshipName;
    const next = followStep(org, cur, step);
    if (!(key in node)) {
      node[key] = next
        ? { attributes: { ...attributesFor(version, next.meta.name, String(next.rec.Id)), ...(step.polymorphic ? { type: "Name" } : {}) } }
        : null;
    }
    const child = node[key];
    if (child === null || child === undefined || !next) return;
    node = child as Record<string, unknown>;
    cur = next.rec;
    curMetaName = next.meta.name;
    nameField = next.meta.nameField;
  }
  if (path.pseudo === "Type") node.Type = curMetaName ?? null;
  else if (path.pseudo === "Name") node.Name = nameField ? (cur[nameField.name] ?? null) : null;
  else node[path.field.name] = fieldValue(cur, path.field);
}

function childrenOf(org: OrgData, run: QueryRun, item: SelectSubqueryItem, parentId: string): SfRecord[] | undefined {
  let byParent = run.childCache.get(item);
  if (!byParent) {
    byParent = new Map();
    const child = item.query;
    const table = org.store.table(child.object);
    const fieldName = item.relationship.field;
    for (const rec of table.byId.values()) {
      if (!run.includeDeleted && isDeleted(rec)) continue;
      const pid = rec[fieldName];
      if (typeof pid !== "string" || !child.test(rec)) continue;
      const list = byParent.get(pid);
      if (list) list.push(rec);
      else byParent.set(pid, [rec]);
    }
    if (child.orderBy.length > 0 || child.limit !== undefined || child.offset !== undefined) {
      const offset = child.offset ?? 0;
      for (const [pid, list] of byParent) {
        const sorted = child.orderBy.length > 0 ? sortRecords(org, list, child.orderBy) : list;
        byParent.set(pid, sorted.slice(offset, child.limit === undefined ? undefined : offset + child.limit));
      }
    }
    run.childCache.set(item, byParent);
  }
  return byParent.get(parentId);
}

/** A record shaped like the REST query response: attributes, then fields in SELECT order. */
export function projectRecord(org: OrgData, run: QueryRun, rec: SfRecord, version: string, query: CompiledQuery = run.query): Record<string, unknown> {
  const out: Record<string, unknown> = { attributes: attributesFor(version, query.object.name, String(rec.Id)) };
  for (const item of query.select) {
    if (item.kind === "field") {
      placePath(org, out, rec, item.path, version);
      continue;
    }
    const children = childrenOf(org, run, item, String(rec.Id));
    out[item.relationship.relationshipName] =
      children && children.length > 0
        ? { totalSize: children.length, done: true, records: children.map((c) => projectRecord(org, run, c, version, item.query)) }
        : null;
  }
  return out;
}

/** Flat column list for CSV (Bulk query): `Owner.Email` style names. */
export function flatColumns(query: CompiledQuery): FieldPath[] {
  return query.select.flatMap((s) => (s.kind === "field" ? [s.path] : []));
}
