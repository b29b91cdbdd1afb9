import { z } from "zod";
import { inObjectOrder } from "@/lib/sync/history/format";

// Counts are read from SyncStep.stats (JSON written by the pull and match steps). Rows migrated from
// the old PullRun table carry only the pull shape, and a step killed mid-way may have written part
// of it, so every key is optional here: anything missing or malformed counts as 0, never throws.

export const PULL_COUNT_KEYS = ["read", "created", "updated", "unchanged", "removed", "deleted", "merged"] as const;
export const MATCH_COUNT_KEYS = ["matched", "unmatched", "ambiguous", "duplicate", "excluded", "linked", "unlinked", "relinked", "written"] as const;

export const PUSH_COUNT_KEYS = ["linked", "written", "unchanged", "skipped", "invalid", "rejected"] as const;
export type PushCounts = Record<(typeof PUSH_COUNT_KEYS)[number], number>;
export const USAGE_COUNT_KEYS = ["days", "rows"] as const;
export type UsageCounts = Record<(typeof USAGE_COUNT_KEYS)[number], number>;
export type PullCounts = Record<(typeof PULL_COUNT_KEYS)[number], number>;
export type MatchCounts = Record<(typeof MATCH_COUNT_KEYS)[number], number>;
/** What the run list shows for matching: links made, lost or moved, and records left without one. */
export type MatchSummary = Pick<MatchCounts, "linked" | "unlinked" | "relinked" | "unmatched">;

const count = z.number().int().nonnegative().catch(0);

function zeroes<K extends string>(keys: readonly K[]): Record<K, number> {
  return Object.fromEntries(keys.map((k) => [k, 0])) as Record<K, number>;
}

function countsSchema<K extends string>(keys: readonly K[]): z.ZodType<Record<K, number>> {
  const shape: z.ZodRawShape = Object.fromEntries(keys.map((k) => [k, count]));
  return z.object(shape).catch(() => zeroes(keys)) as unknown as z.ZodType<Record<K, number>>;
}

const pullCounts = countsSchema(PULL_COUNT_KEYS);
const matchCounts = countsSchema(MATCH_COUNT_KEYS);
// Pull stats are keyed by object ("accounts", "contacts", "users", "cases", "opportunities"); keep
// whichever objects the step pulled.
const pullStats = z.record(z.string(), pullCounts).catch({});
const pushStats = z.record(z.string(), countsSchema(PUSH_COUNT_KEYS)).catch({});
const kpiStats = z.object({ kpis: z.object({ analytics: count, salesforce: count }).catch({ analytics: 0, salesforce: 0 }) }).catch({ kpis: { analytics: 0, salesforce: 0 } });
const HEALTH_COUNT_KEYS = ["scored", "unscored", "red", "yellow", "green", "modelVersion"] as const;
export type HealthCounts = Record<(typeof HEALTH_COUNT_KEYS)[number], number>;
const healthStats = z.object({ health: countsSchema(HEALTH_COUNT_KEYS) }).catch({ health: zeroes(HEALTH_COUNT_KEYS) });
const usageStats = z.record(z.string(), countsSchema(USAGE_COUNT_KEYS)).catch({});
const matchStats = z.object({ accounts: matchCounts, contacts: matchCounts }).catch({ accounts: zeroes(MATCH_COUNT_KEYS), contacts: zeroes(MATCH_COUNT_KEYS) });

export type StepCounts =
  | { kind: "pull"; objects: Record<string, PullCounts> }
  /** contacts = analytics users matched to Salesforce contacts */
  | { kind: "match"; objects: { accounts: MatchCounts; contacts: MatchCounts } }
  /** A push step ("push.salesforce"): per object, what was written, unchanged or refused. */
  | { kind: "push"; objects: Record<string, PushCounts> }
  /** A usage step: per rollup table, the days replaced and the rows written. */
  | { kind: "usage"; tables: Record<string, UsageCounts> }
  /** A KPI step: accounts snapshotted, per tool account and per linked Salesforce account. */
  | { kind: "kpis"; analytics: number; salesforce: number }
  /** The health step: accounts scored, by colour, and the model version that scored them. */
  | { kind: "health"; counts: HealthCounts }
  /** A step whose stats shape this page does not know yet. */
  | { kind: "other" };

export function stepCounts(name: string, stats: unknown): StepCounts {
  if (name === "pull") return { kind: "pull", objects: inObjectOrder(pullStats.parse(stats)) };
  if (name === "match") return { kind: "match", objects: matchStats.parse(stats) };
  if (name.startsWith("push.")) return { kind: "push", objects: pushStats.parse(stats) };
  if (name === "usage") return { kind: "usage", tables: usageStats.parse(stats) };
  if (name === "kpis") return { kind: "kpis", ...kpiStats.parse(stats).kpis };
  if (name === "health") return { kind: "health", counts: healthStats.parse(stats).health };
  return { kind: "other" };
}

/** API calls by kind ({ "GET /query": 12 }), largest first; non-numeric entries are ignored. */
export function apiCallsByKind(apiCalls: unknown): { kind: string; calls: number }[] {
  if (!apiCalls || typeof apiCalls !== "object" || Array.isArray(apiCalls)) return [];
  return Object.entries(apiCalls as Record<string, unknown>)
    .filter((e): e is [string, number] => typeof e[1] === "number" && Number.isFinite(e[1]) && e[1] > 0)
    .map(([kind, calls]) => ({ kind, calls }))
    .sort((a, b) => b.calls - a.calls || a.kind.localeCompare(b.kind));
}

export function apiCallTotal(apiCalls: unknown): number {
  return apiCallsByKind(apiCalls).reduce((n, c) => n + c.calls, 0);
}

export interface RunTotals {
  /** Summed over every object of every pull step; null when the run has no pull step. */
  pull: PullCounts | null;
  /** Summed over accounts and users of every match step; null when the run has no match step. */
  match: MatchSummary | null;
  /** Summed over the objects of every push step; null when the run pushed nothing. */
  push: PushCounts | null;
  apiCalls: number;
}

export function sumRunCounts(steps: readonly { name: string; status?: string; stats: unknown; apiCalls: unknown }[]): RunTotals {
  let pull: PullCounts | null = null;
  let match: MatchSummary | null = null;
  let push: PushCounts | null = null;
  let apiCalls = 0;
  for (const step of steps) {
    apiCalls += apiCallTotal(step.apiCalls);
    // A skipped step did nothing: it must not read as "no link changed".
    if (step.status === "SKIPPED") continue;
    const counts = stepCounts(step.name, step.stats);
    if (counts.kind === "pull") {
      pull ??= zeroes(PULL_COUNT_KEYS);
      for (const object of Object.values(counts.objects)) for (const k of PULL_COUNT_KEYS) pull[k] += object[k];
    } else if (counts.kind === "push") {
      push ??= zeroes(PUSH_COUNT_KEYS);
      for (const object of Object.values(counts.objects)) for (const k of PUSH_COUNT_KEYS) push[k] += object[k];
    } else if (counts.kind === "match") {
      match ??= { linked: 0, unlinked: 0, relinked: 0, unmatched: 0 };
      for (const object of [counts.objects.accounts, counts.objects.contacts]) {
        for (const k of ["linked", "unlinked", "relinked", "unmatched"] as const) match[k] += object[k];
      }
    }
  }
  return { pull, match, push, apiCalls };
}

/** The totals a run keeps on its row when it closes (SyncRun.durationMs and the three counts), so the history sorts by them through an index. */
export interface RunSortTotals {
  durationMs: number;
  /** Records pulls read plus records pushes wrote, found invalid or had refused. */
  recordCount: number;
  apiCallCount: number;
  /** Records a vendor refused. */
  rejectedCount: number;
}

// The columns are INTEGER: a total past 2^31 - 1 (no real run) is kept at the cap rather than refused.
const INT_MAX = 2_147_483_647;
const toColumn = (n: number) => Math.min(INT_MAX, Math.max(0, Math.floor(n)));

/** The records sort's measure: records pulls read plus records pushes wrote, found invalid or had refused. */
export const recordTotal = (totals: Pick<RunTotals, "pull" | "push">): number =>
  (totals.pull?.read ?? 0) + (totals.push ? totals.push.written + totals.push.invalid + totals.push.rejected : 0);

/**
 * A run's sort totals from its steps, as the history shows them (sumRunCounts). The migration that
 * added the columns backfills closed runs with the same sums in SQL; a test holds the two together.
 */
export function runTotals(steps: readonly { name: string; status?: string; stats: unknown; apiCalls: unknown }[], startedAt: Date, finishedAt: Date | null): RunSortTotals {
  const totals = sumRunCounts(steps);
  // Whole calls per kind: the column is an integer, and the backfill floors each entry the same way.
  const apiCalls = steps.reduce((n, step) => n + apiCallsByKind(step.apiCalls).reduce((m, c) => m + Math.floor(c.calls), 0), 0);
  return {
    durationMs: finishedAt ? toColumn(finishedAt.getTime() - startedAt.getTime()) : 0,
    recordCount: toColumn(recordTotal(totals)),
    apiCallCount: toColumn(apiCalls),
    rejectedCount: toColumn(totals.push?.rejected ?? 0),
  };
}
