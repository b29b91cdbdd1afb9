// SOQL → an executable plan. Parsing is soql-parser-js; everything Salesforce checks on top
// (object and field existence, relationship paths, literal types against field types, mixed
// AND/OR, FIELDS() limits, aggregate rules) happens here with Salesforce's error codes.

import { parseQuery, type Query, type Subquery } from "@jetstreamapp/soql-parser-js";
import { formatDateTime, parseDateTime } from "../clock";
import { SfApiError, unsupportedType } from "../errors";
import type { ChildRelationship, FieldMeta, ObjectMeta } from "../metadata/types";
import { isIdType, isNumberType, isTextType } from "../metadata/types";
import type { OrgData } from "../org";
import type { SfRecord, StoredValue } from "../values";
import { dateLiteralRange } from "./date-literals";
import { likeToRegex, rangeFor, TYPE_NAMES, unquote, type RangeOperand } from "./literals";
import { PathError, pathValue, resolvePath, type FieldPath } from "./paths";
import { parserMessage, QueryErrors } from "./query-errors";
import { buildWhereTree, WhereSyntaxError, type Cond } from "./where";

export type Normalized = string | number | boolean | null;

export interface SelectFieldItem {
  kind: "field";
  path: FieldPath;
}

export interface SelectSubqueryItem {
  kind: "subquery";
  relationship: ChildRelationship;
  query: CompiledQuery;
}

export type AggregateFn = "COUNT" | "COUNT_DISTINCT" | "SUM" | "AVG" | "MIN" | "MAX";

export interface AggregateItem {
  kind: "aggregate";
  fn: AggregateFn;
  path?: FieldPath;
  alias: string;
  raw: string;
}

export interface GroupItem {
  kind: "group";
  path: FieldPath;
  alias: string;
}

export interface OrderItem {
  path?: FieldPath;
  /** aggregate queries may order by an aggregate or an alias */
  aggregate?: AggregateItem;
  alias?: string;
  descending: boolean;
  nullsFirst: boolean;
}

export interface LeafPlan {
  /** top-level field on the queried object, when the leaf can use an index */
  fieldName?: string;
  op: string;
  /** normalised literal values for = / IN */
  values?: Normalized[];
  /** for SystemModstamp range scans: inclusive lower bound as a canonical datetime */
  lowerBound?: string;
}

export interface CompiledLeaf {
  test: (rec: SfRecord) => boolean;
  plan: LeafPlan;
}

export interface CompiledQuery {
  soql: string;
  object: ObjectMeta;
  select: Array<SelectFieldItem | SelectSubqueryItem>;
  countOnly: boolean;
  aggregate?: { groupBy: FieldPath[]; items: Array<AggregateItem | GroupItem>; having?: (row: Map<string, Normalized>) => boolean };
  where?: Cond<CompiledLeaf>;
  test: (rec: SfRecord) => boolean;
  orderBy: OrderItem[];
  limit?: number;
  offset?: number;
  /** FIELDS(ALL) etc. or subqueries make a query ineligible for Bulk */
  hasSubqueries: boolean;
}

export interface CompileOptions {
  now: number;
  /** the semi-join runner (provided by the executor to avoid a module cycle) */
  runSemiJoin: (query: CompiledQuery) => Normalized[];
}

/** Normalises a stored value for comparison according to the field's type. */
export function normalize(f: FieldMeta, v: StoredValue): Normalized {
  if (v === null || v === undefined) return null;
  if (isIdType(f.type)) return String(v).slice(0, 15);
  if (isTextType(f.type)) return String(v).toLowerCase();
  return v;
}

type Operand = { kind: "null" } | { kind: "value"; v: Normalized; raw: string } | RangeOperand;

class Compiler {
  private readonly errors: QueryErrors;

  constructor(
    private readonly org: OrgData,
    private readonly soql: string,
    private readonly options: CompileOptions,
  ) {
    this.errors = new QueryErrors(soql);
  }

  path(root: ObjectMeta, dotted: string): FieldPath {
    try {
      return resolvePath(this.org, root, dotted);
    } catch (err) {
      if (err instanceof PathError) throw this.errors.field(err.token, err.message);
      throw err;
    }
  }

  compile(q: Query, objectOverride?: ObjectMeta, isSubquery = false): CompiledQuery {
    const object = objectOverride ?? this.resolveObject(q.sObject ?? "");
    if (q.fields === undefined || q.fields.length === 0) throw this.errors.malformed("unexpected token: FROM", "FROM");
    const groupByRaw = q.groupBy === undefined ? [] : Array.isArray(q.groupBy) ? q.groupBy : [q.groupBy];
    const hasAggregate = q.fields.some((f) => f.type === "FieldFunctionExpression" && f.isAggregateFn);
    const limit = q.limit;
    const offset = q.offset;
    if (offset !== undefined && offset > 2000) {
      throw new SfApiError(400, "NUMBER_OUTSIDE_VALID_RANGE", "Maximum SOQL offset allowed is 2000");
    }
    const where = q.where ? this.compileWhere(object, q.where) : undefined;
    const test = where ? compileCondition(where) : () => true;
    const base = { soql: this.soql, object, where, test, limit, offset };

    if (hasAggregate || groupByRaw.length > 0) {
      const onlyCount =
        q.fields.length === 1 &&
        q.fields[0]!.type === "FieldFunctionExpression" &&
        q.fields[0]!.functionName.toUpperCase() === "COUNT" &&
        q.fields[0]!.parameters.length === 0;
      if (onlyCount && groupByRaw.length === 0) {
        return { ...base, select: [], countOnly: true, orderBy: [], hasSubqueries: false };
      }
      if (isSubquery) throw this.errors.malformed("Aggregate functions are not supported in subqueries");
      return { ...base, ...this.compileAggregate(object, q, groupByRaw), countOnly: false, hasSubqueries: false };
    }

    const select: Array<SelectFieldItem | SelectSubqueryItem> = [];
    const seen = new Set<string>();
    const addPath = (path: FieldPath, token: string): void => {
      const key = path.canonical.toLowerCase();
      if (seen.has(key)) throw this.errors.malformed(`duplicate field selected: ${path.canonical}`, token);
      seen.add(key);
      select.push({ kind: "field", path });
    };
    for (const item of q.fields) {
      switch (item.type) {
        case "Field":
          addPath(this.path(object, item.field), item.field);
          break;
        case "FieldRelationship": {
          const dotted = [...item.relationships, item.field].join(".");
          addPath(this.path(object, dotted), item.rawValue ?? dotted);
          break;
        }
        case "FieldSubquery": {
          if (isSubquery) throw this.errors.malformed("Nesting of semi join sub-selects is not supported");
          select.push(this.compileChild(object, item.subquery));
          break;
        }
        case "FieldFunctionExpression": {
          const fn = item.functionName.toUpperCase();
          if (fn === "FIELDS") {
            const scope = String(item.parameters[0] ?? "").toUpperCase();
            if (scope !== "ALL" && scope !== "STANDARD" && scope !== "CUSTOM") {
              throw this.errors.malformed(`unexpected token: ${scope}`, scope);
            }
            if (scope !== "STANDARD" && (limit === undefined || limit > 200)) {
              throw this.errors.malformed("The SOQL FIELDS function must have a LIMIT of at most 200", "FIELDS");
            }
            for (const f of object.fields) {
              if (scope === "CUSTOM" && !f.custom) continue;
              if (scope === "STANDARD" && f.custom) continue;
              const path: FieldPath = { steps: [], field: f, canonical: f.name };
              if (!seen.has(f.name.toLowerCase())) {
                seen.add(f.name.toLowerCase());
                select.push({ kind: "field", path });
              }
            }
          } else if (fn === "TOLABEL" || fn === "FORMAT" || fn === "CONVERTCURRENCY") {
            // Labels and formatting equal the stored value in a single-language, single-currency org.
            const param = item.parameters[0];
            if (typeof param !== "string") throw this.errors.malformed(`unexpected token: ${fn}`, fn);
            addPath(this.path(object, param), param);
          } else {
            throw this.errors.malformed(`Unsupported function in SELECT: ${item.functionName}`, item.functionName);
          }
          break;
        }
        default:
          throw this.errors.malformed("TYPEOF is not supported by the emulator", "TYPEOF");
      }
    }
    const orderBy = this.compileOrderBy(object, q);
    return {
      ...base,
      select,
      countOnly: false,
      orderBy,
      hasSubqueries: select.some((s) => s.kind === "subquery"),
    };
  }

  private resolveObject(name: string): ObjectMeta {
    const meta = this.org.object(name);
    if (!meta || !meta.queryable) throw unsupportedType(name);
    return meta;
  }

  private compileChild(parent: ObjectMeta, sub: Subquery): SelectSubqueryItem {
    const relName = sub.relationshipName;
    const rel = parent.childRelationships.find((r) => r.relationshipName.toLowerCase() === relName.toLowerCase());
    if (!rel) {
      throw this.errors.field(
        relName,
        `Didn't understand relationship '${relName}' in FROM part of query call. If you are attempting to use a custom relationship, be sure to append the '__r' after the custom relationship name. Please reference your WSDL or the describe call for the appropriate names.`,
      );
    }
    const child = this.org.object(rel.childSObject)!;
    const query = this.compile(sub as Query, child, true);
    return { kind: "subquery", relationship: rel, query };
  }

  private compileOrderBy(object: ObjectMeta, q: Query, aggregates?: Array<AggregateItem | GroupItem>): OrderItem[] {
    const raw = q.orderBy === undefined ? [] : Array.isArray(q.orderBy) ? q.orderBy : [q.orderBy];
    return raw.map((o) => {
      const descending = o.order === "DESC";
      const nullsFirst = o.nulls ? o.nulls === "FIRST" : !descending;
      if ("fn" in o) {
        const rawFn = (o.fn.rawValue ?? "").toLowerCase();
        const agg = aggregates?.find((a): a is AggregateItem => a.kind === "aggregate" && a.raw.toLowerCase() === rawFn);
        if (!agg) throw this.errors.malformed(`Ordering by ${o.fn.rawValue ?? "a function"} requires it in the SELECT list`, o.fn.functionName);
        return { aggregate: agg, descending, nullsFirst };
      }
      if (aggregates) {
        const alias = aggregates.find((a) => a.alias.toLowerCase() === o.field.toLowerCase());
        if (alias && alias.kind === "aggregate") return { aggregate: alias, descending, nullsFirst };
      }
      const path = this.path(object, o.field);
      if (!path.field.sortable) throw this.errors.field(o.field, `field '${path.field.name}' can not be sorted in a query call`);
      return { path, descending, nullsFirst };
    });
  }

  private compileAggregate(
    object: ObjectMeta,
    q: Query,
    groupByRaw: Array<{ field?: string; fn?: unknown }>,
  ): Pick<CompiledQuery, "select" | "aggregate" | "orderBy"> {
    const groupBy = groupByRaw.map((g) => {
      if (!("field" in g) || typeof g.field !== "string") throw this.errors.malformed("GROUP BY functions are not supported by the emulator");
      const path = this.path(object, g.field);
      if (!path.field.groupable) throw this.errors.field(g.field, `field '${path.field.name}' can not be grouped in a query call`);
      return path;
    });
    const items: Array<AggregateItem | GroupItem> = [];
    let expr = 0;
    for (const item of q.fields ?? []) {
      if (item.type === "FieldFunctionExpression" && item.isAggregateFn) {
        const fn = item.functionName.toUpperCase() as AggregateFn;
        if (!["COUNT", "COUNT_DISTINCT", "SUM", "AVG", "MIN", "MAX"].includes(fn)) {
          throw this.errors.malformed(`Unsupported aggregate function: ${item.functionName}`, item.functionName);
        }
        const param = item.parameters[0];
        if (fn === "COUNT" && param === undefined) {
          throw this.errors.malformed("COUNT() must be the only element in the SELECT list", "COUNT");
        }
        if (typeof param !== "string") throw this.errors.malformed(`unexpected token: ${item.functionName}`, item.functionName);
        const path = this.path(object, param);
        if ((fn === "SUM" || fn === "AVG") && !isNumberType(path.field.type)) {
          throw this.errors.field(param, `field ${path.field.name} does not support aggregate operator ${fn}`);
        }
        const alias = item.alias ?? `expr${expr++}`;
        items.push({ kind: "aggregate", fn, path, alias, raw: item.rawValue ?? `${fn}(${param})` });
        continue;
      }
      let dotted: string;
      if (item.type === "Field") dotted = item.field;
      else if (item.type === "FieldRelationship") dotted = [...item.relationships, item.field].join(".");
      else throw this.errors.malformed("Only fields and aggregate functions may be selected with GROUP BY");
      const path = this.path(object, dotted);
      if (!groupBy.some((g) => g.canonical === path.canonical)) {
        throw this.errors.malformed(`Field must be grouped or aggregated: ${path.canonical}`, dotted);
      }
      items.push({ kind: "group", path, alias: ("alias" in item && item.alias) || path.field.name });
    }
    const having = q.having ? this.compileHaving(object, q.having, items) : undefined;
    const orderBy = this.compileOrderBy(object, q, items);
    return { select: [], aggregate: { groupBy, items, having }, orderBy };
  }

  private compileHaving(object: ObjectMeta, having: unknown, items: Array<AggregateItem | GroupItem>): (row: Map<string, Normalized>) => boolean {
    type HavingLeaf = (row: Map<string, Normalized>) => boolean;
    const tree = this.buildTree<HavingLeaf>(having, (cond) => {
      const c = cond as { fn?: { rawValue?: string; functionName?: string; parameters?: unknown[] }; operator: string; value: string | string[] };
      if (!c.fn) throw this.errors.malformed("HAVING supports aggregate conditions only");
      const raw = (c.fn.rawValue ?? "").toLowerCase();
      let agg = items.find((i): i is AggregateItem => i.kind === "aggregate" && i.raw.toLowerCase() === raw);
      if (!agg) {
        const fn = (c.fn.functionName ?? "").toUpperCase() as AggregateFn;
        const param = c.fn.parameters?.[0];
        agg = {
          kind: "aggregate",
          fn,
          path: typeof param === "string" ? this.path(object, param) : undefined,
          alias: `__having${items.length}`,
          raw: c.fn.rawValue ?? fn,
        };
        items.push(agg);
      }
      const key = agg.alias;
      const target = Number(Array.isArray(c.value) ? c.value[0] : c.value);
      const op = c.operator === "<>" ? "!=" : c.operator;
      return (row) => {
        const v = row.get(key);
        if (typeof v !== "number") return false;
        switch (op) {
          case "=":
            return v === target;
          case "!=":
            return v !== target;
          case "<":
            return v < target;
          case "<=":
            return v <= target;
          case ">":
            return v > target;
          case ">=":
            return v >= target;
          default:
            return false;
        }
      };
    });
    const run = (c: Cond<HavingLeaf>, row: Map<string, Normalized>): boolean =>
      c.kind === "leaf" ? c.leaf(row) : c.kind === "not" ? !run(c.item, row) : c.kind === "and" ? c.items.every((i) => run(i, row)) : c.items.some((i) => run(i, row));
    return (row) => run(tree, row);
  }

  private buildTree<L>(where: unknown, leaf: (cond: unknown) => L): Cond<L> {
    try {
      return buildWhereTree(where, leaf);
    } catch (err) {
      if (err instanceof WhereSyntaxError) {
        const token = /unexpected token: (\w+)/.exec(err.message)?.[1];
        throw this.errors.malformed(err.message, token === "AND" || token === "OR" ? ` ${token} ` : undefined);
      }
      throw err;
    }
  }

  private compileWhere(object: ObjectMeta, where: unknown): Cond<CompiledLeaf> {
    return this.buildTree(where, (cond) => this.compileLeaf(object, cond as Record<string, unknown>));
  }

  private compileLeaf(object: ObjectMeta, cond: Record<string, unknown>): CompiledLeaf {
    if ("fn" in cond) throw this.errors.malformed("Functions in WHERE are not supported by the emulator");
    const fieldText = String(cond.field);
    const path = this.path(object, fieldText);
    const f = path.field;
    if (!f.filterable) throw this.errors.field(fieldText, `field '${f.name}' can not be filtered in a query call`);
    const op = String(cond.operator) === "<>" ? "!=" : String(cond.operator).toUpperCase();
    const get = (rec: SfRecord): Normalized => normalize(f, pathValue(this.org, rec, path));
    const topLevel = path.steps.length === 0 ? f.name : undefined;

    if (cond.literalType === "SUBQUERY" || "valueQuery" in cond) {
      if (op !== "IN" && op !== "NOT IN") throw this.errors.malformed("Semi-join subqueries need IN or NOT IN", fieldText);
      const inner = this.compile(cond.valueQuery as Query);
      if (inner.select.length !== 1 || inner.select[0]!.kind !== "field") {
        throw this.errors.malformed("The selected field in a semi-join subquery must be a single field");
      }
      let cache: Set<Normalized> | undefined;
      const values = (): Set<Normalized> => (cache ??= new Set(this.options.runSemiJoin(inner)));
      return {
        test: op === "IN" ? (rec) => {
          const v = get(rec);
          return v !== null && values().has(v);
        } : (rec) => {
          const v = get(rec);
          return v !== null && !values().has(v);
        },
        plan: { op },
      };
    }

    const rawValues = Array.isArray(cond.value) ? (cond.value as string[]) : [String(cond.value)];
    const literalTypes = Array.isArray(cond.literalType)
      ? (cond.literalType as string[])
      : rawValues.map(() => String(cond.literalType ?? "STRING"));
    const nVars = Array.isArray(cond.dateLiteralVariable)
      ? (cond.dateLiteralVariable as number[])
      : rawValues.map(() => cond.dateLiteralVariable as number | undefined);
    const operands = rawValues.map((raw, i) =>
      this.operand(f, fieldText, literalTypes[i] ?? literalTypes[0] ?? "STRING", raw, nVars[i], op === "LIKE"),
    );

    if (op === "LIKE") {
      if (!isTextType(f.type) && !isIdType(f.type)) {
        throw this.errors.field(fieldText, `invalid operator on ${f.type} field: LIKE`);
      }
      const first = operands[0]!;
      if (first.kind !== "value") return { test: () => false, plan: { op } };
      const re = likeToRegex(first.raw);
      return {
        test: (rec) => {
          const v = pathValue(this.org, rec, path);
          return v !== null && re.test(String(v));
        },
        plan: { op },
      };
    }

    if (op === "INCLUDES" || op === "EXCLUDES") {
      if (f.type !== "multipicklist") throw this.errors.field(fieldText, `invalid operator on ${f.type} field: ${op}`);
      const groups = operands.map((o) => (o.kind === "value" ? String(o.v).split(";").map((s) => s.trim()) : []));
      const includes = (rec: SfRecord): boolean => {
        const v = pathValue(this.org, rec, path);
        if (v === null) return false;
        const have = new Set(String(v).toLowerCase().split(";"));
        return groups.some((g) => g.every((x) => have.has(x)));
      };
      return { test: op === "INCLUDES" ? includes : (rec) => pathValue(this.org, rec, path) !== null && !includes(rec), plan: { op } };
    }

    if (op === "IN" || op === "NOT IN") {
      const set = new Set<Normalized>();
      const ranges: Array<{ lo: string; hi: string }> = [];
      let matchesNull = false;
      for (const o of operands) {
        if (o.kind === "null") matchesNull = true;
        else if (o.kind === "range") ranges.push(o);
        else set.add(o.v);
      }
      const member = (v: Normalized): boolean => {
        if (v === null) return matchesNull;
        if (set.has(v)) return true;
        return ranges.some((r) => typeof v === "string" && v >= r.lo && v < r.hi);
      };
      return {
        test: op === "IN" ? (rec) => member(get(rec)) : (rec) => {
          const v = get(rec);
          return v !== null && !member(v);
        },
        plan: { fieldName: topLevel, op, values: ranges.length === 0 && !matchesNull ? [...set] : undefined },
      };
    }

    const operand = operands[0]!;
    if (operands.length !== 1) throw this.errors.malformed(`unexpected token: (`, "(");
    const isBool = f.type === "boolean";
    if (operand.kind === "null") {
      if (op === "=") return { test: isBool ? (rec) => get(rec) === false : (rec) => get(rec) === null, plan: { op } };
      if (op === "!=") return { test: isBool ? (rec) => get(rec) === true : (rec) => get(rec) !== null, plan: { op } };
      return { test: () => false, plan: { op } };
    }
    if (operand.kind === "range") {
      const { lo, hi } = operand;
      const inRange = (v: Normalized): boolean => typeof v === "string" && v >= lo && v < hi;
      const tests: Record<string, (v: Normalized) => boolean> = {
        "=": inRange,
        "!=": (v) => !inRange(v),
        "<": (v) => typeof v === "string" && v < lo,
        "<=": (v) => typeof v === "string" && v < hi,
        ">": (v) => typeof v === "string" && v >= hi,
        ">=": (v) => typeof v === "string" && v >= lo,
      };
      const t = tests[op];
      if (!t) throw this.errors.malformed(`unexpected token: ${op}`, op);
      const lowerBound = op === "=" || op === ">=" ? lo : op === ">" ? hi : undefined;
      return { test: (rec) => t(get(rec)), plan: { fieldName: topLevel, op, lowerBound } };
    }
    const lit = operand.v;
    if (lit === null) return { test: () => false, plan: { op } };
    let t: (v: Normalized) => boolean;
    switch (op) {
      case "=":
        t = (v) => v === lit;
        break;
      case "!=":
        t = (v) => v !== lit;
        break;
      case "<":
        t = (v) => v !== null && v < lit;
        break;
      case "<=":
        t = (v) => v !== null && v <= lit;
        break;
      case ">":
        t = (v) => v !== null && v > lit;
        break;
      case ">=":
        t = (v) => v !== null && v >= lit;
        break;
      default:
        throw this.errors.malformed(`unexpected token: ${op}`, op);
    }
    const lowerBound = typeof lit === "string" && (op === ">" || op === ">=" || op === "=") ? lit : undefined;
    return {
      test: (rec) => t(get(rec)),
      plan: { fieldName: topLevel, op, values: op === "=" ? [lit] : undefined, lowerBound },
    };
  }

  /** Checks a literal against the field type and normalises it for comparison. */
  private operand(f: FieldMeta, fieldText: string, literalType: string, raw: string, n: number | undefined, like: boolean): Operand {
    const typeName = TYPE_NAMES[f.type] ?? "string";
    const mustBe = (quoted: boolean): SfApiError =>
      this.errors.field(
        raw,
        `value of filter criterion for field '${f.name}' must be of type ${typeName} and ${quoted ? "should be enclosed in quotes" : "should not be enclosed in quotes"}`,
      );
    switch (literalType) {
      case "NULL":
        return { kind: "null" };
      case "STRING": {
        if (!isTextType(f.type) && !isIdType(f.type)) throw mustBe(false);
        const text = unquote(raw, like);
        if (isIdType(f.type) && !like) {
          if (!/^[a-zA-Z0-9]{15}([a-zA-Z0-9]{3})?$/.test(text)) {
            throw this.errors.at("INVALID_QUERY_FILTER_OPERATOR", raw, `invalid ID field: ${text}`);
          }
          return { kind: "value", v: text.slice(0, 15), raw: text };
        }
        return { kind: "value", v: text.toLowerCase(), raw: text };
      }
      case "INTEGER":
      case "DECIMAL": {
        if (!isNumberType(f.type)) throw mustBe(isTextType(f.type) || isIdType(f.type));
        return { kind: "value", v: Number(raw), raw };
      }
      case "BOOLEAN": {
        if (f.type !== "boolean") throw mustBe(isTextType(f.type) || isIdType(f.type));
        return { kind: "value", v: raw.toUpperCase() === "TRUE", raw };
      }
      case "DATE": {
        if (f.type !== "date") throw mustBe(isTextType(f.type) || isIdType(f.type));
        return { kind: "value", v: raw, raw };
      }
      case "DATETIME": {
        if (f.type !== "datetime") throw mustBe(isTextType(f.type) || isIdType(f.type));
        const ms = parseDateTime(raw);
        if (ms === undefined) throw this.errors.malformed(`line 1:0 no viable alternative at character '${raw}'`, raw);
        return { kind: "value", v: formatDateTime(ms), raw };
      }
      case "DATE_LITERAL":
      case "DATE_N_LITERAL": {
        if (f.type !== "date" && f.type !== "datetime") throw mustBe(isTextType(f.type) || isIdType(f.type));
        const name = raw.split(":")[0] ?? raw;
        const range = dateLiteralRange(name, literalType === "DATE_N_LITERAL" ? Number(n ?? raw.split(":")[1]) : undefined, this.options.now);
        if (!range) throw this.errors.malformed(`unexpected token: ${raw}`, raw);
        return rangeFor(f, range);
      }
      default:
        throw this.errors.malformed(`Unsupported value in WHERE: ${raw}`, raw);
    }
  }
}

function compileCondition(cond: Cond<CompiledLeaf>): (rec: SfRecord) => boolean {
  switch (cond.kind) {
    case "leaf":
      return cond.leaf.test;
    case "not": {
      const inner = compileCondition(cond.item);
      return (rec) => !inner(rec);
    }
    case "and": {
      const parts = cond.items.map(compileCondition);
      return (rec) => parts.every((p) => p(rec));
    }
    case "or": {
      const parts = cond.items.map(compileCondition);
      return (rec) => parts.some((p) => p(rec));
    }
  }
}

export function compileSoql(org: OrgData, soql: string, options: CompileOptions): CompiledQuery {
  if (soql.trim() === "") throw new SfApiError(400, "MALFORMED_QUERY", "unexpected token: <EOF>");
  let parsed: Query;
  try {
    parsed = parseQuery(soql);
  } catch (err) {
    const { message, token } = parserMessage(err);
    throw new QueryErrors(soql).malformed(message, token);
  }
  return new Compiler(org, soql, options).compile(parsed);
}
