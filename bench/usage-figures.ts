import { DEFAULT_PROFILE } from "@/emulators/generator/generate";

// Pure parts of bench/usage.ts: the users knob, what a recorded SQL statement is, the plain scan
// each KPI statement is compared with, the lines of a plan worth printing, and the figures table.

/**
 * Product users per Salesforce account, per tool, at usersScale 1 (the larger of Pendo and PX,
 * seed 42, 90 days): 22,695 for the first 10,000 accounts, 94,903 more for the next 90,000 long-tail
 * accounts. The generator rounds each account's user count, so this is an estimate; the bench
 * prints the counts it got.
 */
const USERS_PER_ACCOUNT = { head: 2.27, longTail: 1.05 };

/** The generator's usersScale that gives each tool about `users` users over `accounts` accounts. */
export function usersScaleFor(accounts: number, users: number): number {
  const head = Math.min(accounts, DEFAULT_PROFILE.longTailFrom) * USERS_PER_ACCOUNT.head;
  const tail = Math.max(0, accounts - DEFAULT_PROFILE.longTailFrom) * USERS_PER_ACCOUNT.longTail;
  return Math.max(0.01, Math.round((users / (head + tail)) * 100) / 100);
}

/** The KPI statements of lib/kpis/compute-kpis.ts, by the rollup table each reads. */
export const KPI_STATEMENTS = {
  activeUsers: { table: "UsageUserDay", sum: "minutes" },
  accountDays: { table: "UsageAccountDay", sum: "activeUsers" },
  features: { table: "UsageUserFeatureDay", sum: "clicks" },
  nps: { table: "UsageNpsResponse", sum: "score" },
  guides: { table: "UsageEngagementDay", sum: "views" },
} as const;
export type KpiStatementName = keyof typeof KPI_STATEMENTS;

/**
 * Which KPI statement `text` is, or null: they all open with the member list `m(scope, key,
 * member)` and read one rollup table as `r`.
 */
export function kpiStatementName(text: string): KpiStatementName | null {
  if (!/\bAS m\(scope, key, member\)/.test(text)) return null;
  const table = /FROM "(\w+)" r JOIN m\b/.exec(text)?.[1];
  const entry = Object.entries(KPI_STATEMENTS).find(([, s]) => s.table === table);
  return entry ? (entry[0] as KpiStatementName) : null;
}

/** A short name for a statement, to add up time by: "INSERT UsageUserDay", "KPI nps", "COMMIT". */
export function statementKind(text: string): string {
  const kpi = kpiStatementName(text);
  if (kpi) return `KPI ${kpi}`;
  const t = text.trim();
  const write = /^(INSERT\s+INTO|DELETE\s+FROM|UPDATE)\s+"?(\w+)"?/i.exec(t);
  if (write) return `${write[1]!.split(/\s+/)[0]!.toUpperCase()} ${write[2]}`;
  const read = /^(?:SELECT|WITH)\b[\s\S]*?\bFROM\s+"?(\w+)"?/i.exec(t);
  if (read) return `SELECT ${read[1]}`;
  return (t.split(/\s+/)[0] ?? "").toUpperCase();
}

/**
 * The floor a KPI statement is compared with: reading the same table's rows of the same tool and
 * days (and tracked features) once, adding one column up, with no member join, windows or grouping.
 * Parameters: $1 integration, $2 and $3 the statement's day span, $4 the tracked features.
 */
export function plainScanSql(name: KpiStatementName): string {
  const { table, sum } = KPI_STATEMENTS[name];
  const features = name === "features" ? ` AND "featureExternalId" = ANY($4::text[])` : "";
  return `SELECT count(*)::int AS rows, sum("${sum}")::float8 AS total FROM "${table}" WHERE "integrationId" = $1 AND "day" BETWEEN $2::date AND $3::date${features}`;
}

/** The plain scan's parameters, taken from one KPI statement's ($1, $8 and $9, and $10 for features). */
export function plainScanParams(name: KpiStatementName, statementParams: readonly unknown[]): unknown[] {
  const [integrationId, , , , , , , from, to, features] = statementParams;
  return name === "features" ? [integrationId, from, to, features] : [integrationId, from, to];
}

const KEY_LINE = /Scan|Sort|Join|Nested Loop|Aggregate|Memoize|Materialize|Gather|Disk|Rows Removed|Execution Time|Planning Time/;

/**
 * The lines of an EXPLAIN (ANALYZE, BUFFERS) text plan that say where the time went: the root, the
 * scans, joins, sorts and aggregates (with their actual times), spills to disk, rows filtered away,
 * and the totals. At most `max` lines, the totals always among them.
 */
export function planKeyLines(plan: readonly string[], max = 16): string[] {
  const totals = plan.filter((l) => /^(Execution|Planning) Time/.test(l.trim()));
  const body = plan.filter((l, i) => (i === 0 || KEY_LINE.test(l)) && !totals.includes(l)).map((l) => l.replace(/\s+$/, ""));
  return [...body.slice(0, Math.max(0, max - totals.length)), ...totals];
}

/** At most `k` indexes of `n` items, evenly spread, first and last included; all of them when n ≤ k. */
export function sampleEvenly(n: number, k: number): number[] {
  if (n <= k) return Array.from({ length: n }, (_, i) => i);
  if (k <= 1) return k === 1 ? [0] : [];
  return Array.from({ length: k }, (_, i) => Math.round((i * (n - 1)) / (k - 1)));
}

/** The "Execution Time" of an EXPLAIN ANALYZE text plan, in ms; null when it has none. */
export function planExecutionMs(plan: readonly string[]): number | null {
  const line = plan.find((l) => /^\s*Execution Time: /.test(l));
  return line ? Number(/Execution Time: ([\d.]+) ms/.exec(line)?.[1] ?? NaN) : null;
}

/** a ÷ b to `digits` places, or null when there is nothing to divide by. */
export function ratio(a: number, b: number, digits = 1): number | null {
  if (!(b > 0)) return null;
  const f = 10 ** digits;
  return Math.round((a / b) * f) / f;
}

/** Rows as aligned text columns: numbers right-aligned, text left-aligned, two spaces between. */
export function formatTable(rows: readonly (readonly (string | number | null)[])[], indent = "  "): string {
  const cells = rows.map((r) => r.map((c) => (c === null ? "—" : typeof c === "number" ? c.toLocaleString("en-US") : c)));
  const widths: number[] = [];
  for (const r of cells) r.forEach((c, i) => (widths[i] = Math.max(widths[i] ?? 0, c.length)));
  return cells
    .map((r, ri) =>
      indent +
      r
        .map((c, i) => (typeof rows[ri]![i] === "number" || rows[ri]![i] === null ? c.padStart(widths[i]!) : c.padEnd(widths[i]!)))
        .join("  ")
        .replace(/\s+$/, ""),
    )
    .join("\n");
}
