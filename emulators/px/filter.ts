/**
 * The PX `filter` / `sort` query syntax (spec B7): `field<op>value` joined by `;` (AND) and
 * `,` (OR, lower precedence, RSQL style). Operators == != > >= < <= =in=(a,b) =out=(a,b)
 * =gt= =ge= =lt= =le=; `*` wildcards in == values. Dates may be ISO-8601 or epoch ms.
 * Fields may be dotted (customAttributes.healthScore, location.countryCode).
 */

export class FilterError extends Error {}

type Op = "==" | "!=" | ">" | ">=" | "<" | "<=" | "in" | "out";
export interface Condition {
  field: string;
  op: Op;
  values: string[];
}
/** OR of ANDs. */
export type Filter = Condition[][];

const OP_RE = /^([A-Za-z_][A-Za-z0-9_.]*)\s*(==|!=|>=|<=|=gt=|=ge=|=lt=|=le=|=in=|=out=|>|<)\s*(.*)$/s;

function splitTop(s: string, sep: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let quote: string | null = null;
  let cur = "";
  for (const c of s) {
    if (quote) {
      if (c === quote) quote = null;
      cur += c;
    } else if (c === '"' || c === "'") {
      quote = c;
      cur += c;
    } else if (c === "(") {
      depth++;
      cur += c;
    } else if (c === ")") {
      depth--;
      cur += c;
    } else if (c === sep && depth === 0) {
      out.push(cur);
      cur = "";
    } else cur += c;
  }
  out.push(cur);
  return out;
}

function unquote(v: string): string {
  const t = v.trim();
  if ((t.startsWith('"') && t.endsWith('"')) || (t.startsWith("'") && t.endsWith("'"))) return t.slice(1, -1);
  return t;
}

export function parseFilter(src: string): Filter {
  const trimmed = src.trim();
  if (trimmed === "") return [];
  return splitTop(trimmed, ",").map((orPart) =>
    splitTop(orPart, ";").map((cond) => {
      const m = OP_RE.exec(cond.trim());
      if (!m) throw new FilterError(`invalid filter expression "${cond.trim()}"`);
      const [, field, rawOp, rawVal] = m as unknown as [string, string, string, string];
      const opMap: Record<string, Op> = { "=gt=": ">", "=ge=": ">=", "=lt=": "<", "=le=": "<=", "=in=": "in", "=out=": "out" };
      const op = (opMap[rawOp] ?? rawOp) as Op;
      let values: string[];
      if (op === "in" || op === "out") {
        const v = rawVal.trim();
        if (!v.startsWith("(") || !v.endsWith(")")) throw new FilterError(`${rawOp} needs a (a,b,…) list in "${cond.trim()}"`);
        values = splitTop(v.slice(1, -1), ",").map(unquote);
      } else {
        if (rawVal.trim() === "") throw new FilterError(`missing value in filter expression "${cond.trim()}"`);
        values = [unquote(rawVal)];
      }
      return { field, op, values };
    }),
  );
}

const ISO_RE = /^\d{4}-\d{2}-\d{2}(?:[T ][\d:.]+(?:Z|[+-]\d{2}:?\d{2})?)?$/;

/** A filter value as a number when it is numeric or an ISO date; otherwise undefined. */
export function numericValue(v: string): number | undefined {
  if (/^-?\d+(?:\.\d+)?$/.test(v)) return Number(v);
  if (ISO_RE.test(v)) {
    const t = Date.parse(v.includes("T") || v.length > 10 ? v : `${v}T00:00:00Z`);
    if (!Number.isNaN(t)) return t;
  }
  return undefined;
}

function getField(row: Record<string, unknown>, field: string): unknown {
  if (!field.includes(".")) return row[field];
  let cur: unknown = row;
  for (const p of field.split(".")) {
    if (cur === null || typeof cur !== "object") return undefined;
    cur = (cur as Record<string, unknown>)[p];
  }
  return cur;
}

function eq(actual: unknown, v: string): boolean {
  if (actual === null || actual === undefined) return v === "null" || v === "";
  if (typeof actual === "number") {
    const n = numericValue(v);
    return n !== undefined && n === actual;
  }
  if (typeof actual === "boolean") return String(actual) === v.toLowerCase();
  if (Array.isArray(actual)) return actual.some((a) => eq(a, v));
  const s = String(actual);
  if (v.includes("*")) {
    const re = new RegExp("^" + v.split("*").map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join(".*") + "$", "i");
    return re.test(s);
  }
  return s === v;
}

function cmp(actual: unknown, v: string): number | undefined {
  if (actual === null || actual === undefined) return undefined;
  if (typeof actual === "number") {
    const n = numericValue(v);
    return n === undefined ? undefined : actual - n;
  }
  const s = String(actual);
  return s < v ? -1 : s > v ? 1 : 0;
}

export function compileFilter(filter: Filter): ((row: Record<string, unknown>) => boolean) | undefined {
  if (filter.length === 0) return undefined;
  const test = (c: Condition, row: Record<string, unknown>): boolean => {
    const a = getField(row, c.field);
    const v = c.values[0]!;
    switch (c.op) {
      case "==":
        return eq(a, v);
      case "!=":
        return !eq(a, v);
      case "in":
        return c.values.some((x) => eq(a, x));
      case "out":
        return !c.values.some((x) => eq(a, x));
      case ">": {
        const d = cmp(a, v);
        return d !== undefined && d > 0;
      }
      case ">=": {
        const d = cmp(a, v);
        return d !== undefined && d >= 0;
      }
      case "<": {
        const d = cmp(a, v);
        return d !== undefined && d < 0;
      }
      case "<=": {
        const d = cmp(a, v);
        return d !== undefined && d <= 0;
      }
    }
  };
  return (row) => filter.some((and) => and.every((c) => test(c, row)));
}

/** Bounds on `field` implied by the filter when it is a single AND group (for index narrowing). */
export function boundsFor(filter: Filter, field: string): { start: number; end: number } {
  let start = -Infinity;
  let end = Infinity;
  if (filter.length !== 1) return { start, end };
  for (const c of filter[0]!) {
    if (c.field !== field) continue;
    const n = numericValue(c.values[0]!);
    if (n === undefined) continue;
    if (c.op === ">=" ) start = Math.max(start, n);
    else if (c.op === ">") start = Math.max(start, n + 1);
    else if (c.op === "<=") end = Math.min(end, n + 1);
    else if (c.op === "<") end = Math.min(end, n);
    else if (c.op === "==") {
      start = Math.max(start, n);
      end = Math.min(end, n + 1);
    }
  }
  return { start, end };
}

export interface SortSpec {
  field: string;
  dir: 1 | -1;
}

export function parseSort(src: string | undefined): SortSpec[] {
  if (!src || src.trim() === "") return [];
  return src.split(",").map((part) => {
    let p = part.trim();
    let dir: 1 | -1 = 1;
    if (p.startsWith("-")) {
      dir = -1;
      p = p.slice(1);
    } else if (p.startsWith("+")) p = p.slice(1);
    const m = /^(.*?)(?::|\s+)(asc|desc)$/i.exec(p);
    if (m) {
      p = m[1]!;
      dir = m[2]!.toLowerCase() === "desc" ? -1 : 1;
    }
    if (!/^[A-Za-z_][A-Za-z0-9_.]*$/.test(p)) throw new FilterError(`invalid sort field "${part}"`);
    return { field: p, dir };
  });
}

export function compareBy(sort: SortSpec[]): (a: Record<string, unknown>, b: Record<string, unknown>) => number {
  return (a, b) => {
    for (const { field, dir } of sort) {
      const x = getField(a, field);
      const y = getField(b, field);
      if (x === y) continue;
      if (x === undefined || x === null) return -dir;
      if (y === undefined || y === null) return dir;
      const c = typeof x === "number" && typeof y === "number" ? x - y : String(x) < String(y) ? -1 : String(x) > String(y) ? 1 : 0;
      if (c !== 0) return c * dir;
    }
    return 0;
  };
}
