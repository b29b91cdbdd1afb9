import { dateAdd, startOfPeriod, zonedToUtc, type Period } from "../fixture/runtime/tz";

/**
 * The small expression language used by Pendo aggregation `filter`, `eval`, `select` and
 * `timeSeries.first/last`: literals ("…", `…`, '…', numbers, true/false/null), dotted and
 * indexed field paths (metadata.auto.lastvisit, polls[0].id), operators
 * `?: || && == != < <= > >= + - * / % !` and the functions now(), date(), dateAdd(),
 * startOfPeriod(), hash(), isNil()/isNull(), expandAppIds(), len(), contains(), lower(), upper(),
 * abs(), round(), floor(), ceil(), min(), max().
 */

export class ExprError extends Error {}

export interface ExprContext {
  now: number;
  tz: string;
}

export type Row = Record<string, unknown>;
export type Compiled = (row: Row, ctx: ExprContext) => unknown;

/** Marker returned by expandAppIds("*"). */
export const ALL_APPS = Symbol("expandAppIds(*)");

type Tok =
  | { t: "num"; v: number }
  | { t: "str"; v: string }
  | { t: "id"; v: string }
  | { t: "op"; v: string }
  | { t: "eof" };

const OPS = ["===", "!==", "==", "!=", "<=", ">=", "&&", "||", "<", ">", "+", "-", "*", "/", "%", "!", "(", ")", "[", "]", ",", ".", "?", ":"];

function tokenize(src: string): Tok[] {
  const out: Tok[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i]!;
    if (c === " " || c === "\t" || c === "\n" || c === "\r") {
      i++;
      continue;
    }
    if ((c >= "0" && c <= "9") || (c === "." && /[0-9]/.test(src[i + 1] ?? ""))) {
      const m = /^(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?/.exec(src.slice(i));
      out.push({ t: "num", v: Number(m![0]) });
      i += m![0].length;
      continue;
    }
    if (c === '"' || c === "'" || c === "`") {
      let j = i + 1;
      let s = "";
      while (j < src.length && src[j] !== c) {
        if (src[j] === "\\" && j + 1 < src.length) {
          const n = src[j + 1]!;
          s += n === "n" ? "\n" : n === "t" ? "\t" : n;
          j += 2;
        } else s += src[j++];
      }
      if (j >= src.length) throw new ExprError(`unterminated string in expression: ${src}`);
      out.push({ t: "str", v: s });
      i = j + 1;
      continue;
    }
    if (/[A-Za-z_$]/.test(c)) {
      const m = /^[A-Za-z_$][A-Za-z0-9_$]*/.exec(src.slice(i))!;
      out.push({ t: "id", v: m[0] });
      i += m[0].length;
      continue;
    }
    const op = OPS.find((o) => src.startsWith(o, i));
    if (!op) throw new ExprError(`unexpected character "${c}" in expression: ${src}`);
    out.push({ t: "op", v: op === "===" ? "==" : op === "!==" ? "!=" : op });
    i += op.length;
  }
  out.push({ t: "eof" });
  return out;
}

type Node =
  | { k: "lit"; v: unknown }
  | { k: "field"; name: string }
  | { k: "member"; obj: Node; prop: Node }
  | { k: "call"; fn: string; args: Node[] }
  | { k: "un"; op: string; a: Node }
  | { k: "bin"; op: string; a: Node; b: Node }
  | { k: "cond"; c: Node; a: Node; b: Node };

class Parser {
  private p = 0;
  constructor(
    private readonly toks: Tok[],
    private readonly src: string,
  ) {}
  private peek(): Tok {
    return this.toks[this.p]!;
  }
  private isOp(v: string): boolean {
    const t = this.peek();
    return t.t === "op" && t.v === v;
  }
  private expectOp(v: string): void {
    if (!this.isOp(v)) throw new ExprError(`expected "${v}" in expression: ${this.src}`);
    this.p++;
  }
  parse(): Node {
    const n = this.ternary();
    if (this.peek().t !== "eof") throw new ExprError(`unexpected token in expression: ${this.src}`);
    return n;
  }
  private ternary(): Node {
    const c = this.binary(0);
    if (this.isOp("?")) {
      this.p++;
      const a = this.ternary();
      this.expectOp(":");
      const b = this.ternary();
      return { k: "cond", c, a, b };
    }
    return c;
  }
  private static levels = [["||"], ["&&"], ["==", "!="], ["<", "<=", ">", ">="], ["+", "-"], ["*", "/", "%"]];
  private binary(level: number): Node {
    if (level >= Parser.levels.length) return this.unary();
    let a = this.binary(level + 1);
    for (;;) {
      const t = this.peek();
      if (t.t === "op" && Parser.levels[level]!.includes(t.v)) {
        this.p++;
        const b = this.binary(level + 1);
        a = { k: "bin", op: t.v, a, b };
      } else return a;
    }
  }
  private unary(): Node {
    if (this.isOp("!") || this.isOp("-")) {
      const op = (this.toks[this.p++] as { v: string }).v;
      return { k: "un", op, a: this.unary() };
    }
    return this.postfix();
  }
  private postfix(): Node {
    let n = this.primary();
    for (;;) {
      if (this.isOp(".")) {
        this.p++;
        const t = this.peek();
        if (t.t !== "id" && t.t !== "num") throw new ExprError(`expected a field name after "." in expression: ${this.src}`);
        this.p++;
        n = { k: "member", obj: n, prop: { k: "lit", v: String(t.v) } };
      } else if (this.isOp("[")) {
        this.p++;
        const prop = this.ternary();
        this.expectOp("]");
        n = { k: "member", obj: n, prop };
      } else return n;
    }
  }
  private primary(): Node {
    const t = this.peek();
    this.p++;
    switch (t.t) {
      case "num":
      case "str":
        return { k: "lit", v: t.v };
      case "id": {
        if (t.v === "true") return { k: "lit", v: true };
        if (t.v === "false") return { k: "lit", v: false };
        if (t.v === "null" || t.v === "nil") return { k: "lit", v: null };
        if (this.isOp("(")) {
          this.p++;
          const args: Node[] = [];
          if (!this.isOp(")")) {
            for (;;) {
              args.push(this.ternary());
              if (this.isOp(",")) {
                this.p++;
                continue;
              }
              break;
            }
          }
          this.expectOp(")");
          if (!(t.v in FUNCS)) throw new ExprError(`unknown function "${t.v}"`);
          return { k: "call", fn: t.v, args };
        }
        return { k: "field", name: t.v };
      }
      case "op":
        if (t.v === "(") {
          const n = this.ternary();
          this.expectOp(")");
          return n;
        }
        throw new ExprError(`unexpected "${t.v}" in expression: ${this.src}`);
      case "eof":
        throw new ExprError(`unexpected end of expression: ${this.src}`);
    }
  }
}

function num(v: unknown, fn: string): number {
  if (typeof v === "number") return v;
  if (typeof v === "string" && v.trim() !== "" && !Number.isNaN(Number(v))) return Number(v);
  throw new ExprError(`${fn}: expected a number, got ${JSON.stringify(v)}`);
}

function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

type Fn = (args: unknown[], ctx: ExprContext) => unknown;
const FUNCS: Record<string, Fn> = {
  now: (_a, ctx) => ctx.now,
  date: (a, ctx) => {
    const [y, m, d, h, mi, s] = a.map((x) => num(x, "date"));
    if (y === undefined) throw new ExprError("date() needs at least a year");
    return zonedToUtc(y, m ?? 1, d ?? 1, h ?? 0, mi ?? 0, s ?? 0, ctx.tz);
  },
  dateAdd: (a, ctx) => dateAdd(num(a[0], "dateAdd"), num(a[1], "dateAdd"), String(a[2] ?? "days"), ctx.tz),
  startOfPeriod: (a, ctx) => {
    const p = String(a[0]).toLowerCase();
    const map: Record<string, Period> = { hourly: "hourly", hour: "hourly", daily: "daily", day: "daily", weekly: "weekly", week: "weekly", monthly: "monthly", month: "monthly" };
    const period = map[p];
    if (!period) throw new ExprError(`startOfPeriod: unknown period "${String(a[0])}"`);
    return startOfPeriod(period, num(a[1], "startOfPeriod"), ctx.tz);
  },
  hash: (a) => fnv1a(typeof a[0] === "string" ? a[0] : JSON.stringify(a[0] ?? null)),
  isNil: (a) => a[0] === null || a[0] === undefined,
  isNull: (a) => a[0] === null || a[0] === undefined,
  expandAppIds: () => ALL_APPS,
  len: (a) => (Array.isArray(a[0]) || typeof a[0] === "string" ? a[0].length : a[0] && typeof a[0] === "object" ? Object.keys(a[0]).length : 0),
  contains: (a) => (Array.isArray(a[0]) ? a[0].includes(a[1]) : typeof a[0] === "string" ? a[0].includes(String(a[1])) : false),
  lower: (a) => (typeof a[0] === "string" ? a[0].toLowerCase() : a[0]),
  upper: (a) => (typeof a[0] === "string" ? a[0].toUpperCase() : a[0]),
  abs: (a) => Math.abs(num(a[0], "abs")),
  round: (a) => Math.round(num(a[0], "round")),
  floor: (a) => Math.floor(num(a[0], "floor")),
  ceil: (a) => Math.ceil(num(a[0], "ceil")),
  min: (a) => Math.min(...a.map((x) => num(x, "min"))),
  max: (a) => Math.max(...a.map((x) => num(x, "max"))),
};

function looseEq(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if ((a === null || a === undefined) && (b === null || b === undefined)) return true;
  if (typeof a === "number" && typeof b === "string" && b.trim() !== "") return a === Number(b);
  if (typeof b === "number" && typeof a === "string" && a.trim() !== "") return b === Number(a);
  return false;
}

function compile(n: Node): Compiled {
  switch (n.k) {
    case "lit": {
      const v = n.v;
      return () => v;
    }
    case "field": {
      const name = n.name;
      return (row) => row[name];
    }
    case "member": {
      const obj = compile(n.obj);
      const prop = compile(n.prop);
      return (row, ctx) => {
        const o = obj(row, ctx);
        if (o === null || o === undefined || typeof o !== "object") return undefined;
        const k = prop(row, ctx);
        return (o as Record<string, unknown>)[String(k)];
      };
    }
    case "call": {
      const f = FUNCS[n.fn]!;
      const args = n.args.map(compile);
      return (row, ctx) => f(args.map((a) => a(row, ctx)), ctx);
    }
    case "un": {
      const a = compile(n.a);
      return n.op === "!" ? (row, ctx) => !a(row, ctx) : (row, ctx) => -(a(row, ctx) as number);
    }
    case "cond": {
      const c = compile(n.c);
      const a = compile(n.a);
      const b = compile(n.b);
      return (row, ctx) => (c(row, ctx) ? a(row, ctx) : b(row, ctx));
    }
    case "bin": {
      const a = compile(n.a);
      const b = compile(n.b);
      switch (n.op) {
        case "||":
          return (r, c) => a(r, c) || b(r, c);
        case "&&":
          return (r, c) => a(r, c) && b(r, c);
        case "==":
          return (r, c) => looseEq(a(r, c), b(r, c));
        case "!=":
          return (r, c) => !looseEq(a(r, c), b(r, c));
        case "<":
          return (r, c) => cmp(a(r, c), b(r, c), (x, y) => x < y);
        case "<=":
          return (r, c) => cmp(a(r, c), b(r, c), (x, y) => x <= y);
        case ">":
          return (r, c) => cmp(a(r, c), b(r, c), (x, y) => x > y);
        case ">=":
          return (r, c) => cmp(a(r, c), b(r, c), (x, y) => x >= y);
        case "+":
          return (r, c) => {
            const x = a(r, c);
            const y = b(r, c);
            if (typeof x === "string" || typeof y === "string") return String(x ?? "") + String(y ?? "");
            return (x as number) + (y as number);
          };
        case "-":
          return (r, c) => (a(r, c) as number) - (b(r, c) as number);
        case "*":
          return (r, c) => (a(r, c) as number) * (b(r, c) as number);
        case "/":
          return (r, c) => {
            const y = b(r, c) as number;
            return y === 0 ? null : (a(r, c) as number) / y;
          };
        case "%":
          return (r, c) => (a(r, c) as number) % (b(r, c) as number);
      }
    }
  }
  throw new ExprError("bad expression node");
}

function cmp(x: unknown, y: unknown, f: (a: number | string, b: number | string) => boolean): boolean {
  if (x === null || x === undefined || y === null || y === undefined) return false;
  if (typeof x === "number" && typeof y === "string" && y.trim() !== "" && !Number.isNaN(Number(y))) return f(x, Number(y));
  if (typeof y === "number" && typeof x === "string" && x.trim() !== "" && !Number.isNaN(Number(x))) return f(Number(x), y);
  if ((typeof x === "number" || typeof x === "string") && (typeof y === "number" || typeof y === "string")) return f(x, y);
  if (typeof x === "boolean" && typeof y === "boolean") return f(Number(x), Number(y));
  return false;
}

const cache = new Map<string, Compiled>();

export function compileExpr(src: string): Compiled {
  let c = cache.get(src);
  if (!c) {
    c = compile(new Parser(tokenize(src), src).parse());
    if (cache.size > 2000) cache.clear();
    cache.set(src, c);
  }
  return c;
}

export function evalExpr(src: string, row: Row, ctx: ExprContext): unknown {
  return compileExpr(src)(row, ctx);
}

/** Reads a dotted / indexed path such as "metadata.auto.lastvisit" or "polls[0].id". */
export function getPath(row: Row, path: string, ctx: ExprContext): unknown {
  if (/^[A-Za-z_$][A-Za-z0-9_$]*$/.test(path)) return row[path];
  return compileExpr(path)(row, ctx);
}
