import type pg from "pg";
import { kpiStatementName, statementKind, type KpiStatementName } from "./usage-figures";

// Times every statement the product sends through its bulk-write pool (lib/sync/sql.ts: the usage
// writes and the KPI snapshot go through it), by phase and kind, without touching lib/: each new
// pooled connection's `query` is wrapped as the pool opens it. Kept per kind: the count, the total
// and the slowest statement with its parameters (so its plan can be asked for afterwards); every
// KPI statement is kept whole, to be replayed against a plain scan.

export interface RecordedStatement {
  text: string;
  params: unknown[];
  ms: number;
  rows: number | null;
  /** For a write: the DELETE of the same table before it on its connection (the days it replaces). */
  replaced?: { text: string; params: unknown[] };
}

export interface StatementTally {
  kind: string;
  count: number;
  ms: number;
  slowest: RecordedStatement;
}

export interface RecordedKpiStatement extends RecordedStatement {
  phase: string;
  name: KpiStatementName;
}

type Query = (...args: unknown[]) => Promise<pg.QueryResult>;

export class SqlRecorder {
  /** Statements are recorded while this is set, under its name. */
  phase: string | null = null;
  readonly tallies = new Map<string, Map<string, StatementTally>>();
  readonly kpiStatements: RecordedKpiStatement[] = [];

  /** Call before the pool opens its first connection. */
  attach(pool: pg.Pool): void {
    pool.on("connect", (client) => this.wrap(client));
  }

  /** The phase's kinds, slowest total first. */
  phaseTallies(phase: string): StatementTally[] {
    return [...(this.tallies.get(phase)?.values() ?? [])].sort((a, b) => b.ms - a.ms);
  }

  private wrap(client: pg.PoolClient): void {
    const query = client.query.bind(client) as Query;
    const lastDelete = new Map<string, { text: string; params: unknown[] }>();
    (client as unknown as { query: Query }).query = async (...args: unknown[]) => {
      const [text, params] = args;
      const phase = this.phase;
      // Only the (text, values) form the product uses is timed; anything else passes through.
      if (phase === null || typeof text !== "string" || args.length > 2 || (params !== undefined && !Array.isArray(params))) return query(...args);
      const started = performance.now();
      const result = await query(text, params);
      const ms = performance.now() - started;
      const values = (params ?? []) as unknown[];
      const kind = statementKind(text);
      const table = kind.split(" ")[1] ?? "";
      if (kind.startsWith("DELETE ")) lastDelete.set(table, { text, params: values });
      const recorded: RecordedStatement = { text, params: values, ms, rows: result.rowCount, ...(kind.startsWith("INSERT ") && lastDelete.has(table) ? { replaced: lastDelete.get(table) } : {}) };
      const byKind = this.tallies.get(phase) ?? new Map<string, StatementTally>();
      this.tallies.set(phase, byKind);
      const tally = byKind.get(kind);
      if (!tally) byKind.set(kind, { kind, count: 1, ms, slowest: recorded });
      else {
        tally.count += 1;
        tally.ms += ms;
        if (ms > tally.slowest.ms) tally.slowest = recorded;
      }
      const name = kpiStatementName(text);
      if (name) this.kpiStatements.push({ ...recorded, phase, name });
      return result;
    };
  }
}
