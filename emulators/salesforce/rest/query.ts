// GET /query, /queryAll and /query/{locator}. A query runs once; its rows are kept in a cursor
// (record snapshots, so later writes do not shift pages) and served page by page through
// `nextRecordsUrl` locators shaped like Salesforce's: `01g…-{offset}`.

import { SfApiError } from "../errors";
import type { OrgData } from "../org";
import { compileQuery, executeQuery, projectRecord, type QueryRun } from "../soql/execute";
import { header, ok, type RestContext, type RestResult } from "./context";

const DEFAULT_BATCH = 2000;
const MIN_BATCH = 200;
const CURSOR_IDLE_MS = 15 * 60_000;
const MAX_CURSORS = 500;

interface Cursor {
  id: string;
  run: QueryRun;
  pageSize: number;
  lastUsed: number;
}

export class CursorStore {
  private readonly cursors = new Map<string, Cursor>();

  constructor(
    private readonly org: () => OrgData,
    private readonly now: () => number,
  ) {}

  create(run: QueryRun, pageSize: number): Cursor {
    const id = this.org().auxIds.next("01g");
    const cursor: Cursor = { id, run, pageSize, lastUsed: this.now() };
    this.cursors.set(id, cursor);
    if (this.cursors.size > MAX_CURSORS) {
      const oldest = this.cursors.keys().next().value;
      if (oldest !== undefined) this.cursors.delete(oldest);
    }
    return cursor;
  }

  get(id: string): Cursor | undefined {
    const cursor = this.cursors.get(id);
    if (!cursor) return undefined;
    if (this.now() - cursor.lastUsed > CURSOR_IDLE_MS) {
      this.cursors.delete(id);
      return undefined;
    }
    cursor.lastUsed = this.now();
    return cursor;
  }

  release(id: string): void {
    this.cursors.delete(id);
  }

  clear(): void {
    this.cursors.clear();
  }
}

/** `Sforce-Query-Options: batchSize=N` is a hint between 200 and 2000. */
function batchSize(ctx: RestContext): number {
  const options = header(ctx, "sforce-query-options") ?? "";
  const m = /batchSize\s*=\s*(\d+)/i.exec(options);
  let size = m ? Math.min(Math.max(Number(m[1]), MIN_BATCH), DEFAULT_BATCH) : DEFAULT_BATCH;
  const cap = ctx.state.settings.queryPageSize;
  if (cap !== undefined) size = Math.min(size, cap);
  return size;
}

function page(ctx: RestContext, cursor: Cursor, start: number): RestResult {
  const { run } = cursor;
  const org = ctx.state.org;
  const end = Math.min(start + cursor.pageSize, run.rows.length);
  const records = [];
  for (let i = start; i < end; i++) records.push(projectRecord(org, run, run.rows[i]!, ctx.version));
  const done = end >= run.rows.length;
  if (done) ctx.state.cursors.release(cursor.id);
  const body: Record<string, unknown> = { totalSize: run.totalSize, done };
  if (!done) body.nextRecordsUrl = `/services/data/v${ctx.version}/query/${cursor.id}-${end}`;
  body.records = records;
  return ok(body);
}

function runQuery(ctx: RestContext, includeDeleted: boolean): RestResult {
  const soql = ctx.query.get("q");
  if (soql === null) {
    throw new SfApiError(400, "MALFORMED_QUERY", "A query string has to be specified");
  }
  const org = ctx.state.org;
  const compiled = compileQuery(org, soql);
  const run = executeQuery(org, compiled, { includeDeleted });
  if (run.aggregateRows) return ok({ totalSize: run.totalSize, done: true, records: run.aggregateRows });
  if (compiled.countOnly) return ok({ totalSize: run.totalSize, done: true, records: [] });
  const cursor = ctx.state.cursors.create(run, batchSize(ctx));
  return page(ctx, cursor, 0);
}

export const query = (ctx: RestContext): RestResult => runQuery(ctx, false);
export const queryAll = (ctx: RestContext): RestResult => runQuery(ctx, true);

export function queryMore(ctx: RestContext): RestResult {
  const locator = ctx.params.locator ?? "";
  const m = /^([a-zA-Z0-9]{18})-(\d+)$/.exec(locator);
  const cursor = m ? ctx.state.cursors.get(m[1]!) : undefined;
  if (!m || !cursor) throw new SfApiError(400, "INVALID_QUERY_LOCATOR", "invalid query locator");
  const start = Number(m[2]);
  if (start > cursor.run.rows.length) throw new SfApiError(400, "INVALID_QUERY_LOCATOR", "invalid query locator");
  return page(ctx, cursor, start);
}
