import { addPeriods, startOfPeriod, type Period } from "../fixture/runtime/tz";
import { ALL_APPS, compileExpr, ExprError, getPath, type ExprContext, type Row } from "./expr";
import type { PendoStore } from "./store";

/**
 * Pendo aggregation pipelines (spec A2): a source stage followed by operators. Rows flow as
 * arrays; operators never mutate the rows they receive (source rows are the store's records).
 */

export class AggregationError extends Error {}

const TIME_SERIES_SOURCES = new Set([
  "events",
  "featureEvents",
  "pageEvents",
  "trackEvents",
  "guideEvents",
  "pollEvents",
  "pollsSeen",
  "guidesSeen",
]);
const OBJECT_SOURCES = new Set([
  "visitors",
  "accounts",
  "features",
  "pages",
  "guides",
  "trackTypes",
  "groups",
  "segments",
  "reports",
  "pollsSeenEver",
  "guidesSeenEver",
]);

export interface AggregationResult {
  startTime: number;
  results: Row[];
}

interface Range {
  start: number;
  end: number;
  period: Period;
}

interface Ctx extends ExprContext {
  store: PendoStore;
  startTime: number | undefined;
  origin: WeakMap<Row, number>;
  depth: number;
}

type Stage = Record<string, unknown>;

export function runAggregation(store: PendoStore, pipeline: unknown, now: number, maxRows: number): AggregationResult {
  const ctx: Ctx = { now, tz: store.tz, store, startTime: undefined, origin: new WeakMap(), depth: 0 };
  const rows = runPipeline(pipeline, ctx, undefined);
  if (rows.length > maxRows) throw new AggregationError("result too large");
  return { startTime: ctx.startTime ?? 0, results: rows };
}

function asStages(p: unknown): Stage[] {
  if (!Array.isArray(p)) throw new AggregationError("pipeline must be an array of stages");
  for (const s of p) {
    if (typeof s !== "object" || s === null || Array.isArray(s)) throw new AggregationError("each pipeline stage must be an object");
  }
  return p as Stage[];
}

function runPipeline(pipeline: unknown, ctx: Ctx, input: Row[] | undefined): Row[] {
  if (ctx.depth > 20) throw new AggregationError("pipeline nesting too deep");
  ctx.depth++;
  try {
    const stages = asStages(pipeline);
    let rows: Row[] | undefined = input;
    for (const stage of stages) rows = runStage(stage, rows, ctx);
    if (rows === undefined) throw new AggregationError("pipeline has no source");
    return rows;
  } finally {
    ctx.depth--;
  }
}

function stageOp(stage: Stage): [string, unknown] {
  const keys = Object.keys(stage);
  if (keys.length !== 1) throw new AggregationError(`pipeline stage must have exactly one operator, got ${JSON.stringify(keys)}`);
  return [keys[0]!, stage[keys[0]!]];
}

function need(rows: Row[] | undefined, op: string): Row[] {
  if (rows === undefined) throw new AggregationError(`"${op}" needs a source stage before it`);
  return rows;
}

function str(v: unknown, what: string): string {
  if (typeof v !== "string") throw new AggregationError(`${what} must be a string`);
  return v;
}

function runStage(stage: Stage, rows: Row[] | undefined, ctx: Ctx): Row[] {
  const [op, arg] = stageOp(stage);
  switch (op) {
    case "source":
      return source(arg, ctx);
    case "spawn": {
      if (!Array.isArray(arg)) throw new AggregationError("spawn takes an array of pipelines");
      const out: Row[] = rows ? rows.slice() : [];
      arg.forEach((p, i) => {
        for (const r of runPipeline(p, ctx, undefined)) {
          ctx.origin.set(r, i);
          out.push(r);
        }
      });
      return out;
    }
    case "fork": {
      const input = need(rows, op);
      if (!Array.isArray(arg)) throw new AggregationError("fork takes an array of stage lists");
      const out: Row[] = [];
      arg.forEach((p, i) => {
        for (const r of runPipeline(p, ctx, input.slice())) {
          ctx.origin.set(r, i);
          out.push(r);
        }
      });
      return out;
    }
    case "filter": {
      const f = compile(str(arg, "filter"));
      return need(rows, op).filter((r) => truthy(f(r, ctx)));
    }
    case "identified": {
      const spec = str(arg, "identified");
      const invert = spec.startsWith("!");
      const field = invert ? spec.slice(1) : spec;
      return need(rows, op).filter((r) => isIdentified(r[field]) !== invert);
    }
    case "select": {
      const spec = objArg(arg, "select");
      const entries = Object.entries(spec).map(([out, e]) => [out, compile(str(e, `select.${out}`))] as const);
      return need(rows, op).map((r) => {
        const o: Row = {};
        for (const [out, f] of entries) o[out] = f(r, ctx) ?? null;
        return o;
      });
    }
    case "eval": {
      const spec = objArg(arg, "eval");
      const entries = Object.entries(spec).map(([out, e]) => [out, typeof e === "string" ? compile(e) : () => e] as const);
      return need(rows, op).map((r) => {
        let o: Row = { ...r };
        for (const [out, f] of entries) o = setPath(o, out, f(o, ctx));
        return o;
      });
    }
    case "group":
      return group(need(rows, op), objArg(arg, "group"), ctx);
    case "reduce":
      return [aggregateRows(need(rows, op), parseFields(arg, "reduce"), ctx)];
    case "sort":
      return sortRows(need(rows, op), arg);
    case "limit": {
      if (typeof arg !== "number" || !Number.isInteger(arg) || arg < 0) throw new AggregationError("limit must be a non-negative integer");
      return need(rows, op).slice(0, arg);
    }
    case "count":
      return [{ count: need(rows, op).length }];
    case "cat":
      return need(rows, op);
    case "merge":
      return merge(need(rows, op), objArg(arg, "merge"), ctx);
    case "join":
      return join(need(rows, op), objArg(arg, "join"), ctx);
    case "unwind":
      return unwind(need(rows, op), objArg(arg, "unwind"), ctx);
    case "bulkExpand":
    case "expand":
      return expand(need(rows, op), objArg(arg, op), ctx);
    case "segment": {
      const id = str(objArg(arg, "segment").id, "segment.id");
      const members = ctx.store.segmentVisitors(id);
      if (!members) throw new AggregationError(`unknown segment "${id}"`);
      return need(rows, op).filter((r) => typeof r.visitorId === "string" && members.has(r.visitorId));
    }
    case "switch":
      return switchOp(need(rows, op), objArg(arg, "switch"));
    default:
      throw new AggregationError(`unknown pipeline operator "${op}"`);
  }
}

function compile(src: string) {
  if (src.length > 10_000) throw new AggregationError("expression too long");
  try {
    return compileExpr(src);
  } catch (e) {
    if (e instanceof RangeError) throw new AggregationError("expression nested too deeply");
    throw new AggregationError(e instanceof ExprError ? e.message : String(e));
  }
}

function objArg(arg: unknown, op: string): Record<string, unknown> {
  if (typeof arg !== "object" || arg === null || Array.isArray(arg)) throw new AggregationError(`${op} takes an object`);
  return arg as Record<string, unknown>;
}

function truthy(v: unknown): boolean {
  return !!v;
}

export function isIdentified(id: unknown): boolean {
  return typeof id === "string" ? id !== "" && !id.startsWith("_PENDO_T_") : typeof id === "number";
}

function setPath(row: Row, path: string, value: unknown): Row {
  if (!path.includes(".")) {
    row[path] = value;
    return row;
  }
  const [head, ...rest] = path.split(".");
  const child = row[head!];
  const copy: Row = typeof child === "object" && child !== null && !Array.isArray(child) ? { ...(child as Row) } : {};
  row[head!] = setPath(copy, rest.join("."), value);
  return row;
}

// ---------------------------------------------------------------- sources

function evalTime(v: unknown, ctx: Ctx, what: string): number {
  if (typeof v === "number") return v;
  if (typeof v === "string") {
    const x = compile(v)({}, ctx);
    if (typeof x === "number" && Number.isFinite(x)) return x;
    throw new AggregationError(`timeSeries.${what} did not evaluate to a time: ${v}`);
  }
  throw new AggregationError(`timeSeries.${what} must be a number or an expression`);
}

function resolveRange(ts: unknown, ctx: Ctx): Range {
  const t = objArg(ts, "timeSeries");
  const periods: Record<string, Period> = { dayRange: "daily", hourRange: "hourly", weekRange: "weekly", monthRange: "monthly" };
  const period = periods[String(t.period)];
  if (!period) throw new AggregationError(`unknown timeSeries period "${String(t.period)}"`);
  if (t.first === undefined) throw new AggregationError("timeSeries.first is required");
  const first = startOfPeriod(period, evalTime(t.first, ctx, "first"), ctx.tz);
  let start: number;
  let end: number;
  if (t.count !== undefined) {
    if (typeof t.count !== "number" || !Number.isInteger(t.count)) throw new AggregationError("timeSeries.count must be an integer");
    if (Math.abs(t.count) > 5000) throw new AggregationError("timeSeries.count too large");
    const other = addPeriods(period, first, t.count, ctx.tz);
    start = Math.min(first, other);
    end = Math.max(first, other);
  } else if (t.last !== undefined) {
    const last = startOfPeriod(period, evalTime(t.last, ctx, "last"), ctx.tz);
    start = first;
    end = addPeriods(period, last, 1, ctx.tz);
  } else throw new AggregationError("timeSeries needs count or last");
  return { start, end, period };
}

function appFilter(params: Record<string, unknown> | null): ((r: Row) => boolean) | undefined {
  const appId = params?.appId;
  if (appId === undefined || appId === null) return undefined;
  let ids: unknown[];
  if (typeof appId === "string") {
    const v = compile(appId)({}, { now: 0, tz: "UTC" });
    if (v === ALL_APPS) return undefined;
    ids = Array.isArray(v) ? v : [v];
  } else ids = Array.isArray(appId) ? appId : [appId];
  const set = new Set(ids.map((x) => Number(x)));
  return (r) => set.has(Number(r.appId));
}

function fieldFilter(params: Record<string, unknown> | null, ...fields: string[]): ((r: Row) => boolean) | undefined {
  const checks: Array<[string, unknown]> = [];
  for (const f of fields) if (params && params[f] !== undefined && params[f] !== null) checks.push([f, params[f]]);
  if (checks.length === 0) return undefined;
  return (r) => checks.every(([f, v]) => (Array.isArray(v) ? v.includes(r[f]) : r[f] === v));
}

function both(...fs: Array<((r: Row) => boolean) | undefined>): ((r: Row) => boolean) | undefined {
  const list = fs.filter((f): f is (r: Row) => boolean => !!f);
  if (list.length === 0) return undefined;
  if (list.length === 1) return list[0];
  return (r) => list.every((f) => f(r));
}

function source(arg: unknown, ctx: Ctx): Row[] {
  const spec = objArg(arg, "source");
  const names = Object.keys(spec).filter((k) => k !== "timeSeries");
  if (names.length !== 1) throw new AggregationError("source must name exactly one row source");
  const name = names[0]!;
  const rawParams = spec[name];
  if (rawParams !== null && rawParams !== undefined && (typeof rawParams !== "object" || Array.isArray(rawParams))) {
    throw new AggregationError(`source ${name} parameters must be an object or null`);
  }
  const params = (rawParams ?? null) as Record<string, unknown> | null;
  const s = ctx.store;
  const hasTs = spec.timeSeries !== undefined && spec.timeSeries !== null;
  if (TIME_SERIES_SOURCES.has(name)) {
    if (!hasTs) throw new AggregationError("no period specified for time series source");
    const range = resolveRange(spec.timeSeries, ctx);
    if (ctx.startTime === undefined) ctx.startTime = range.start;
    const app = appFilter(params);
    const grouped = (rows: Row[]): Row[] => {
      if (range.period === "hourly") return rows.map((r) => (r.hour === undefined ? { ...r, hour: r.day } : r));
      return rows;
    };
    switch (name) {
      case "events":
        return grouped(s.events.range(range.start, range.end, both(app, eventClassFilter(params))) as unknown as Row[]);
      case "featureEvents":
        return grouped(s.featureEvents.range(range.start, range.end, both(app, fieldFilter(params, "featureId"))) as unknown as Row[]);
      case "pageEvents":
        return grouped(s.pageEvents.range(range.start, range.end, both(app, fieldFilter(params, "pageId"))) as unknown as Row[]);
      case "trackEvents":
        return grouped(s.trackEvents.range(range.start, range.end, both(app, fieldFilter(params, "trackTypeId"))) as unknown as Row[]);
      case "guideEvents":
        return s.guideEvents.range(range.start, range.end, both(app, fieldFilter(params, "guideId", "guideStepId"))) as unknown as Row[];
      case "pollEvents":
        return s.pollEvents.range(range.start, range.end, both(app, fieldFilter(params, "guideId", "pollId"))) as unknown as Row[];
      case "pollsSeen":
        return pollsSeen(s.pollEvents.range(range.start, range.end, both(app, fieldFilter(params, "guideId", "pollId"))) as unknown as Row[]);
      case "guidesSeen":
        return guidesSeen(s.guideEvents.range(range.start, range.end, both(app, fieldFilter(params, "guideId"))) as unknown as Row[]);
    }
  }
  if (OBJECT_SOURCES.has(name)) {
    if (hasTs && ctx.startTime === undefined) ctx.startTime = resolveRange(spec.timeSeries, ctx).start;
    const app = appFilter(params);
    const filt = <T>(rows: T[]): Row[] => (app ? (rows as unknown as Row[]).filter(app) : (rows as unknown as Row[]));
    switch (name) {
      case "visitors": {
        const all = s.visitors.values() as unknown as Row[];
        return params?.identified ? all.filter((v) => isIdentified(v.visitorId)) : all;
      }
      case "accounts":
        return s.accounts.values() as unknown as Row[];
      case "features":
        return filt(s.features);
      case "pages":
        return filt(s.pages);
      case "guides":
        return filt(s.guides);
      case "trackTypes":
        return filt(s.trackTypes);
      case "reports":
        return s.reports as unknown as Row[];
      case "segments":
        return (s.fixture.segments ?? []).map(({ visitorIds: _v, ...rest }) => rest as Row);
      case "groups":
        return [];
      case "pollsSeenEver": {
        const rows = s.pollEvents.range(-Infinity, Infinity, both(app, fieldFilter(params, "guideId", "pollId"))) as unknown as Row[];
        return pollsSeen(rows);
      }
      case "guidesSeenEver":
        return guidesSeen(s.guideEvents.range(-Infinity, Infinity, both(app, fieldFilter(params, "guideId"))) as unknown as Row[]);
    }
  }
  throw new AggregationError(`unknown row source "${name}"`);
}

function eventClassFilter(params: Record<string, unknown> | null): ((r: Row) => boolean) | undefined {
  const ec = params?.eventClass;
  if (!Array.isArray(ec)) return undefined;
  return (r) => r.eventClass === undefined || ec.includes(r.eventClass);
}

function pollsSeen(rows: Row[]): Row[] {
  const latest = new Map<string, Row>();
  for (const r of rows) {
    const k = `${String(r.visitorId)}\u0000${String(r.guideId)}\u0000${String(r.pollId)}`;
    const prev = latest.get(k);
    if (!prev || (r.browserTime as number) >= (prev.browserTime as number)) latest.set(k, r);
  }
  return [...latest.values()].map((r) => ({
    visitorId: r.visitorId,
    accountId: r.accountId,
    appId: r.appId,
    guideId: r.guideId,
    pollId: r.pollId,
    time: r.browserTime,
    response: r.pollResponse,
    pollResponse: r.pollResponse,
  }));
}

function guidesSeen(rows: Row[]): Row[] {
  const acc = new Map<string, Row>();
  for (const r of rows) {
    const k = `${String(r.visitorId)}\u0000${String(r.guideId)}\u0000${String(r.guideStepId ?? "")}`;
    const t = r.browserTime as number;
    const cur = acc.get(k);
    if (!cur) {
      acc.set(k, {
        visitorId: r.visitorId,
        accountId: r.accountId,
        guideId: r.guideId,
        guideStepId: r.guideStepId ?? null,
        firstSeenAt: t,
        lastSeenAt: t,
        seenCount: r.type === "guideSeen" ? 1 : 0,
        lastState: r.type,
      });
    } else {
      if (r.type === "guideSeen") cur.seenCount = (cur.seenCount as number) + 1;
      if (t < (cur.firstSeenAt as number)) cur.firstSeenAt = t;
      if (t >= (cur.lastSeenAt as number)) {
        cur.lastSeenAt = t;
        cur.lastState = r.type;
      }
    }
  }
  return [...acc.values()];
}

// ---------------------------------------------------------------- group / reduce

type Agg = { alias: string; fn: string; field: string | null };
const AGGS = new Set(["count", "sum", "max", "min", "avg", "first", "last", "list"]);

function parseFields(arg: unknown, op: string): Agg[] {
  const maps: Record<string, unknown>[] = Array.isArray(arg) ? (arg as Record<string, unknown>[]) : [objArg(arg, op)];
  const out: Agg[] = [];
  for (const m of maps) {
    for (const [alias, spec] of Object.entries(objArg(m, op))) {
      const s = objArg(spec, `${op}.${alias}`);
      const fns = Object.keys(s);
      if (fns.length !== 1 || !AGGS.has(fns[0]!)) throw new AggregationError(`${op}.${alias}: unknown aggregator ${JSON.stringify(fns)}`);
      const field = s[fns[0]!];
      if (field !== null && typeof field !== "string") throw new AggregationError(`${op}.${alias}: field must be a string or null`);
      out.push({ alias, fn: fns[0]!, field });
    }
  }
  return out;
}

interface AggState {
  count: number;
  distinct?: Set<unknown>;
  sum: number;
  n: number;
  min?: unknown;
  max?: unknown;
  first?: unknown;
  last?: unknown;
  seenFirst: boolean;
  list?: unknown[];
}

function newStates(aggs: Agg[]): AggState[] {
  return aggs.map((a) => ({
    count: 0,
    sum: 0,
    n: 0,
    seenFirst: false,
    ...(a.fn === "count" && a.field !== null ? { distinct: new Set<unknown>() } : {}),
    ...(a.fn === "list" ? { list: [] } : {}),
  }));
}

function accumulate(aggs: Agg[], states: AggState[], r: Row, ctx: Ctx): void {
  for (let i = 0; i < aggs.length; i++) {
    const a = aggs[i]!;
    const st = states[i]!;
    const v = a.field === null ? undefined : getPath(r, a.field, ctx);
    switch (a.fn) {
      case "count":
        if (a.field === null) st.count++;
        else if (v !== null && v !== undefined) st.distinct!.add(v);
        break;
      case "sum":
      case "avg":
        if (typeof v === "number") {
          st.sum += v;
          st.n++;
        }
        break;
      case "min":
        if (v !== null && v !== undefined && (st.min === undefined || (v as number) < (st.min as number))) st.min = v;
        break;
      case "max":
        if (v !== null && v !== undefined && (st.max === undefined || (v as number) > (st.max as number))) st.max = v;
        break;
      case "first":
        if (!st.seenFirst) {
          st.first = v;
          st.seenFirst = true;
        }
        break;
      case "last":
        st.last = v;
        break;
      case "list":
        st.list!.push(v ?? null);
        break;
    }
  }
}

function finish(aggs: Agg[], states: AggState[], out: Row): Row {
  aggs.forEach((a, i) => {
    const st = states[i]!;
    switch (a.fn) {
      case "count":
        out[a.alias] = a.field === null ? st.count : st.distinct!.size;
        break;
      case "sum":
        out[a.alias] = st.sum;
        break;
      case "avg":
        out[a.alias] = st.n === 0 ? null : st.sum / st.n;
        break;
      case "min":
        out[a.alias] = st.min ?? null;
        break;
      case "max":
        out[a.alias] = st.max ?? null;
        break;
      case "first":
        out[a.alias] = st.first ?? null;
        break;
      case "last":
        out[a.alias] = st.last ?? null;
        break;
      case "list":
        out[a.alias] = st.list;
        break;
    }
  });
  return out;
}

function aggregateRows(rows: Row[], aggs: Agg[], ctx: Ctx): Row {
  const states = newStates(aggs);
  for (const r of rows) accumulate(aggs, states, r, ctx);
  return finish(aggs, states, {});
}

function group(rows: Row[], spec: Record<string, unknown>, ctx: Ctx): Row[] {
  const keys = spec.group ?? [];
  if (!Array.isArray(keys) || keys.some((k) => typeof k !== "string")) throw new AggregationError("group.group must be an array of field names");
  const keyFields = keys as string[];
  const aggs = spec.fields === undefined || spec.fields === null ? [] : parseFields(spec.fields, "group.fields");
  const groups = new Map<string, { key: unknown[]; states: AggState[] }>();
  for (const r of rows) {
    const kv = keyFields.map((k) => getPath(r, k, ctx) ?? null);
    const ks = kv.length === 1 ? keyString(kv[0]) : kv.map(keyString).join("\u0001");
    let g = groups.get(ks);
    if (!g) {
      g = { key: kv, states: newStates(aggs) };
      groups.set(ks, g);
    }
    accumulate(aggs, g.states, r, ctx);
  }
  const out: Row[] = [];
  for (const g of groups.values()) {
    const row: Row = {};
    keyFields.forEach((k, i) => (row[k] = g.key[i]));
    out.push(finish(aggs, g.states, row));
  }
  return out;
}

function keyString(v: unknown): string {
  return typeof v === "string" ? "s" + v : typeof v === "number" ? "n" + v : JSON.stringify(v) ?? "u";
}

// ---------------------------------------------------------------- sort / merge / join / unwind / expand / switch

function compareValues(a: unknown, b: unknown): number {
  const an = a === null || a === undefined;
  const bn = b === null || b === undefined;
  if (an || bn) return an && bn ? 0 : an ? -1 : 1;
  if (typeof a === "number" && typeof b === "number") return a - b;
  const sa = typeof a === "string" ? a : JSON.stringify(a);
  const sb = typeof b === "string" ? b : JSON.stringify(b);
  return sa < sb ? -1 : sa > sb ? 1 : 0;
}

function sortRows(rows: Row[], arg: unknown): Row[] {
  const fields = typeof arg === "string" ? [arg] : arg;
  if (!Array.isArray(fields) || fields.some((f) => typeof f !== "string")) throw new AggregationError("sort takes an array of field names");
  const spec = (fields as string[]).map((f) => (f.startsWith("-") ? { f: f.slice(1), dir: -1 } : { f, dir: 1 }));
  const ctx: ExprContext = { now: 0, tz: "UTC" };
  return rows.slice().sort((x, y) => {
    for (const { f, dir } of spec) {
      const c = compareValues(getPath(x, f, ctx), getPath(y, f, ctx));
      if (c !== 0) return c * dir;
    }
    return 0;
  });
}

function merge(rows: Row[], spec: Record<string, unknown>, ctx: Ctx): Row[] {
  const fields = spec.fields;
  if (!Array.isArray(fields) || fields.length === 0 || fields.some((f) => typeof f !== "string")) throw new AggregationError("merge.fields must be a non-empty array of field names");
  const keyOf = (r: Row) => (fields as string[]).map((f) => keyString(getPath(r, f, ctx) ?? null)).join("\u0001");
  const sub = runPipeline(spec.pipeline, ctx, undefined);
  const index = new Map<string, Row>();
  for (const r of sub) if (!index.has(keyOf(r))) index.set(keyOf(r), r);
  const mappings = spec.mappings === undefined || spec.mappings === null ? undefined : objArg(spec.mappings, "merge.mappings");
  return rows.map((r) => {
    const m = index.get(keyOf(r));
    if (!m) return r;
    const o: Row = { ...r };
    if (mappings) for (const [out, inField] of Object.entries(mappings)) o[out] = getPath(m, str(inField, "merge.mappings value"), ctx) ?? null;
    else for (const [k, v] of Object.entries(m)) if (!(fields as string[]).includes(k)) o[k] = v;
    return o;
  });
}

function join(rows: Row[], spec: Record<string, unknown>, ctx: Ctx): Row[] {
  const fields = spec.fields;
  if (!Array.isArray(fields) || fields.some((f) => typeof f !== "string")) throw new AggregationError("join.fields must be an array of field names");
  const width = spec.width === undefined ? undefined : Number(spec.width);
  const acc = new Map<string, { row: Row; origins: Set<number | Row> }>();
  for (const r of rows) {
    const k = (fields as string[]).map((f) => keyString(getPath(r, f, ctx) ?? null)).join("\u0001");
    const origin = ctx.origin.get(r) ?? r;
    const cur = acc.get(k);
    if (!cur) acc.set(k, { row: { ...r }, origins: new Set([origin]) });
    else {
      Object.assign(cur.row, r);
      cur.origins.add(origin);
    }
  }
  const out: Row[] = [];
  for (const { row, origins } of acc.values()) if (width === undefined || origins.size >= width) out.push(row);
  return out;
}

function unwind(rows: Row[], spec: Record<string, unknown>, ctx: Ctx): Row[] {
  const field = str(spec.field, "unwind.field");
  const index = spec.index === undefined ? undefined : str(spec.index, "unwind.index");
  const keepEmpty = spec.keepEmpty === true;
  const out: Row[] = [];
  for (const r of rows) {
    const v = getPath(r, field, ctx);
    if (Array.isArray(v) && v.length > 0) {
      v.forEach((el, i) => {
        const o = setPath({ ...r }, field, el);
        if (index) o[index] = i;
        out.push(o);
      });
    } else if (keepEmpty) out.push(setPath({ ...r }, field, null));
  }
  return out;
}

function expand(rows: Row[], spec: Record<string, unknown>, ctx: Ctx): Row[] {
  const plans = Object.entries(spec).map(([outKey, v]) => {
    const inner = objArg(v, `expand.${outKey}`);
    const [kind, field] = Object.entries(inner)[0] ?? [];
    if (kind !== "account" && kind !== "visitor") throw new AggregationError(`expand.${outKey}: expected {"account": field} or {"visitor": field}`);
    return { outKey, kind, field: str(field, `expand.${outKey}.${kind}`) };
  });
  return rows.map((r) => {
    const o: Row = { ...r };
    for (const p of plans) {
      const id = getPath(r, p.field, ctx);
      const rec = typeof id === "string" ? (p.kind === "account" ? ctx.store.accounts.get(id) : ctx.store.visitors.get(id)) : undefined;
      o[p.outKey] = rec ? { id, ...rec } : null;
    }
    return o;
  });
}

function switchOp(rows: Row[], spec: Record<string, unknown>): Row[] {
  const plans = Object.entries(spec).map(([out, v]) => {
    const inner = objArg(v, `switch.${out}`);
    const [src, cases] = Object.entries(inner)[0] ?? [];
    if (!src || !Array.isArray(cases)) throw new AggregationError(`switch.${out}: expected {"srcField": [cases]}`);
    return { out, src, cases: cases.map((c) => objArg(c, `switch.${out} case`)) };
  });
  const test = (v: unknown, op: string, x: unknown): boolean => {
    switch (op) {
      case "==":
        return v === x || (typeof v === "number" && Number(x) === v);
      case "!=":
        return v !== x;
      case "<":
        return compareValues(v, x) < 0;
      case "<=":
        return compareValues(v, x) <= 0;
      case ">":
        return compareValues(v, x) > 0;
      case ">=":
        return compareValues(v, x) >= 0;
      default:
        return false;
    }
  };
  return rows.map((r) => {
    const o: Row = { ...r };
    for (const p of plans) {
      const v = r[p.src];
      let res: unknown = null;
      for (const c of p.cases) {
        const op = Object.keys(c).find((k) => k !== "value");
        if (op && test(v, op, c[op])) {
          res = c.value;
          break;
        }
      }
      o[p.out] = res;
    }
    return o;
  });
}

/** Flattens rows for text/csv output: nested objects become dotted column names. */
export function rowsToCsvRecords(rows: Row[]): { columns: string[]; records: unknown[][] } {
  const columns: string[] = [];
  const seen = new Set<string>();
  const flat = rows.map((r) => {
    const o: Record<string, unknown> = {};
    const walk = (v: unknown, prefix: string) => {
      if (v !== null && typeof v === "object" && !Array.isArray(v)) {
        for (const [k, x] of Object.entries(v)) walk(x, prefix ? `${prefix}.${k}` : k);
      } else {
        o[prefix] = Array.isArray(v) ? JSON.stringify(v) : v;
        if (!seen.has(prefix)) {
          seen.add(prefix);
          columns.push(prefix);
        }
      }
    };
    walk(r, "");
    return o;
  });
  return { columns, records: flat.map((o) => columns.map((c) => o[c] ?? "")) };
}
