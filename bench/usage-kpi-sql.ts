import type pg from "pg";
import { KPI_STATEMENTS, plainScanParams, plainScanSql, ratio, sampleEvenly, type KpiStatementName } from "./usage-figures";
import type { RecordedKpiStatement, RecordedStatement } from "./usage-sql-recorder";

// The KPI SQL against a plain scan of the same rollup rows, and the plans of the heaviest queries.
// The KPI statements the KPI step sent (one per batch of accounts, as recorded) are replayed as
// sent, and each statement's table is read once more with no member join, windows or grouping
// (usage-figures.ts plainScanSql), over the same tool, days and tracked features. Up to
// REPLAYED_BATCHES batches of a statement are replayed (evenly spread: at 100,000 accounts there
// are dozens) and their time scaled to all batches.

const REPLAYED_BATCHES = 8;

export interface KpiStatementFigures {
  statement: KpiStatementName;
  table: string;
  /** Batches of accounts (snapshot-kpis.ts): one statement each. */
  batches: number;
  span: { from: string; to: string };
  /** The statement's time in the KPI step itself, over its batches. */
  stepMs: number;
  /** Replayed after a plain scan of the same rows: the replayed batches' time × batches ÷ replayedBatches. */
  replayMs: number;
  replayedBatches: number;
  /** One plain scan of the span's rows (the faster of one before and one after the replay). */
  scanMs: number;
  /** Rows the plain scan read: the table's rows of that tool and span (and tracked features). */
  rowsInSpan: number;
  /** Rows the statement returned, over the replayed batches. */
  rowsOut: number;
  /** replayMs ÷ scanMs. */
  timesScan: number | null;
}

async function timed(client: pg.Client, text: string, params: readonly unknown[]): Promise<{ ms: number; result: pg.QueryResult }> {
  const started = performance.now();
  const result = await client.query(text, params as unknown[]);
  return { ms: performance.now() - started, result };
}

const ORDER = Object.keys(KPI_STATEMENTS) as KpiStatementName[];

/** Each KPI statement of one tool's KPI step against a plain scan of its rows; the total last. */
export async function compareWithScans(client: pg.Client, recorded: readonly RecordedKpiStatement[]): Promise<{ statements: KpiStatementFigures[]; slowestBatch: Map<KpiStatementName, RecordedStatement> }> {
  const statements: KpiStatementFigures[] = [];
  const slowestBatch = new Map<KpiStatementName, RecordedStatement>();
  for (const name of ORDER) {
    const batches = recorded.filter((r) => r.name === name);
    if (batches.length === 0) continue;
    const scanParams = plainScanParams(name, batches[0]!.params);
    // Scan, replay, scan: the first scan brings the rows into the cache for the replay, and the
    // faster scan counts, so neither side pays for a cold cache.
    const first = await timed(client, plainScanSql(name), scanParams);
    let replayedMs = 0;
    let rowsOut = 0;
    let slowest = { ms: -1, statement: batches[0]! as RecordedStatement };
    const replayed = sampleEvenly(batches.length, REPLAYED_BATCHES).map((i) => batches[i]!);
    for (const b of replayed) {
      const { ms, result } = await timed(client, b.text, b.params);
      replayedMs += ms;
      rowsOut += result.rowCount ?? 0;
      if (ms > slowest.ms) slowest = { ms, statement: b };
    }
    const replayMs = (replayedMs * batches.length) / replayed.length;
    const second = await timed(client, plainScanSql(name), scanParams);
    const scanMs = Math.min(first.ms, second.ms);
    const rowsInSpan = (second.result.rows[0] as { rows: number }).rows;
    slowestBatch.set(name, slowest.statement);
    statements.push({
      statement: name,
      table: KPI_STATEMENTS[name].table,
      batches: batches.length,
      span: { from: String(scanParams[1]), to: String(scanParams[2]) },
      stepMs: Math.round(batches.reduce((a, b) => a + b.ms, 0)),
      replayMs: Math.round(replayMs),
      replayedBatches: replayed.length,
      scanMs: Math.round(scanMs * 10) / 10,
      rowsInSpan,
      rowsOut,
      timesScan: ratio(replayMs, scanMs),
    });
  }
  return { statements, slowestBatch };
}

/** The totals of `compareWithScans`' statements. */
export function kpiSqlTotal(statements: readonly KpiStatementFigures[]) {
  const add = (f: (s: KpiStatementFigures) => number) => statements.reduce((a, s) => a + f(s), 0);
  const replayMs = add((s) => s.replayMs);
  const scanMs = add((s) => s.scanMs);
  return { stepMs: add((s) => s.stepMs), replayMs, scanMs: Math.round(scanMs * 10) / 10, rowsInSpan: add((s) => s.rowsInSpan), timesScan: ratio(replayMs, scanMs) };
}

/** EXPLAIN (ANALYZE, BUFFERS) of a read, as text lines. */
export async function explainRead(client: pg.Client, statement: { text: string; params: readonly unknown[] }): Promise<string[]> {
  const { rows } = await client.query(`EXPLAIN (ANALYZE, BUFFERS) ${statement.text}`, statement.params as unknown[]);
  return rows.map((r: Record<string, string>) => r["QUERY PLAN"]!);
}

/**
 * EXPLAIN (ANALYZE, BUFFERS) of a write, in a transaction rolled back: an INSERT runs after the
 * DELETE that preceded it in the product's transaction (so its rows do not collide with the ones
 * already written), as the re-ingestion of those days would.
 */
export async function explainWrite(client: pg.Client, statement: RecordedStatement): Promise<string[]> {
  await client.query("BEGIN");
  try {
    if (statement.replaced) await client.query(statement.replaced.text, statement.replaced.params);
    return await explainRead(client, statement);
  } finally {
    await client.query("ROLLBACK");
  }
}
