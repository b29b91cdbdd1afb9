import { AppError } from "@/lib/errors";
import { salesforceIntegration } from "@/lib/hub/integrations";
import { backtestMetrics, type BacktestMetrics } from "@/lib/health/backtest-metrics";
import { loadChurnOutcomes, type ChurnOutcome, type OutcomeKind } from "@/lib/health/churn-outcomes";
import { KPI_STALE_DAYS, loadScoringInputs, type ScoringInputs, type UsageTool } from "@/lib/health/health-inputs";
import { collectMeasureValues } from "@/lib/health/measure-values";
import type { HealthColour } from "@/lib/health/model";
import { activeHealthModel, healthModelVersion, type ModelVersion } from "@/lib/health/model-versions";
import { rocCurve, type RocPoint } from "@/lib/health/roc-curve";
import { scoreAccount } from "@/lib/health/score-account";
import { casesSynced, usageTools } from "@/lib/health/score-health";
import { backfillKpiHistory, kpiSnapshotDays } from "@/lib/kpis/kpi-history";
import { db } from "@/lib/db";
import { inTransaction } from "@/lib/sync/sql";
import { readUsageCoverage, type UsageCoverage } from "@/lib/usage/cursor";
import { addDays, utcDay, type Day } from "@/lib/usage/days";

// The backtest (issue 13; seed 004, mistake 1): does a model version's score, N days before an
// account churned or renewed, tell the two apart? Each outcome (churn-outcomes.ts) is scored as of
// its date less each horizon by the daily scoring's own code (loadScoringInputs, then
// collectMeasureValues and scoreAccount), reading the KPI snapshots of that day, so a replayed score
// is the score the daily scoring gives that day with that version (the integration test holds it
// to that). The Salesforce fields are read as they are now (the hub keeps no history of them): a
// model that scores ARR or segments by tier sees today's values.
//
// KPI snapshots exist only for days a KPI step ran, so the days the backtest needs are computed
// first (lib/kpis/kpi-history.ts), at most MAX_HISTORY_DAYS_PER_RUN per run, the newest first:
// each day costs a snapshot of every account of each tool. Days left over are counted as unscored
// ("history-limit") and computed by the next run.

export const BACKTEST_HORIZONS = [30, 60, 90] as const;

/** Distinct days of KPI history one run computes at most (a day is one snapshot per tool). */
export const MAX_HISTORY_DAYS_PER_RUN = 120;

/**
 * Why an outcome has no score at a horizon (scored outcomes only make the metrics):
 * - outside-history: no tool has usage ingested for that day;
 * - history-limit: the day's KPIs were left for the next run (MAX_HISTORY_DAYS_PER_RUN);
 * - not-tracked: the tools' snapshots of that day hold no KPIs of the account (no linked account);
 * - no-measure: the model has no measure with a value for the account that day.
 */
export const UNSCORED_REASONS = ["outside-history", "history-limit", "not-tracked", "no-measure"] as const;
export type UnscoredReason = (typeof UNSCORED_REASONS)[number];

export interface BacktestPoint {
  accountId: string;
  outcome: OutcomeKind;
  /** The day scored: the outcome's date less the horizon. */
  day: Day;
  /** Null when unscored (see `unscored`). */
  score: number | null;
  colour: HealthColour | null;
  usageSource: UsageTool["system"] | null;
  /** The snapshot day the usage measures came from (up to 7 days before `day`, as the daily scoring allows). */
  kpiDay: Day | null;
  unscored: UnscoredReason | null;
}

export interface HorizonResult {
  /** Days before the outcome. */
  days: number;
  outcomes: number;
  scored: number;
  unscored: number;
  unscoredBy: Record<UnscoredReason, number>;
  metrics: BacktestMetrics;
  /** For the chart; empty without both a churned and a renewed scored account. */
  roc: RocPoint[];
  /** One per outcome, in the order of `outcomes` of the result. */
  points: BacktestPoint[];
}

export interface ToolHistory {
  system: UsageTool["system"];
  integrationId: string;
  coverage: UsageCoverage | null;
  /** The first day with any recorded activity: KPI windows reaching before it read days with none. */
  firstActivityDay: Day | null;
  /** Days the outcomes needed inside the ingested usage. */
  needed: number;
  /** Of those: snapshots that existed, computed by this run, and left over (the per-run bound). */
  present: number;
  computed: number;
  leftOver: number;
}

export interface BacktestHistory {
  tools: ToolHistory[];
  /** Distinct days the outcomes and horizons asked for. */
  days: number;
  /** The bound this run applied to computed days. */
  limit: number;
  /** Sentences about the history that qualify the figures (a bound reached, activity starting late). */
  notes: string[];
}

export interface BacktestResult {
  modelVersion: number;
  modelName: string;
  /** Outcomes are events before this day. */
  today: Day;
  outcomes: ChurnOutcome[];
  horizons: HorizonResult[];
  history: BacktestHistory;
  computedAt: string;
  timings: { outcomesMs: number; historyMs: number; replayMs: number };
}

export interface HorizonComparison {
  days: number;
  aucA: number | null;
  aucB: number | null;
  /** aucB − aucA; null when either is. */
  difference: number | null;
  sentence: string;
}

export interface BacktestComparison {
  a: BacktestResult;
  b: BacktestResult;
  horizons: HorizonComparison[];
}

export interface BacktestOptions {
  /** Outcomes are events before this day; default today (UTC). */
  today?: Day;
  horizons?: readonly number[];
  /** At most this many distinct days of KPI history computed (default MAX_HISTORY_DAYS_PER_RUN; 0: none). */
  maxHistoryDays?: number;
}

interface Prepared {
  salesforceId: string;
  tools: UsageTool[];
  casesSynced: boolean;
  today: Day;
  horizons: number[];
  outcomes: ChurnOutcome[];
  history: BacktestHistory;
  coverage: Map<string, UsageCoverage | null>;
  /** Days the bound left without their snapshot, per tool id. */
  leftOver: Map<string, Set<Day>>;
  /** Horizon days no tool has a snapshot for within KPI_STALE_DAYS: nobody is scored on them. */
  withoutAnySnapshot: Set<Day>;
  timings: { outcomesMs: number; historyMs: number };
}

const since = (t: number) => Math.round(performance.now() - t);

function checkHorizons(horizons: readonly number[]): number[] {
  const out = [...new Set(horizons)].sort((a, b) => a - b);
  if (out.length === 0 || out.some((h) => !Number.isInteger(h) || h < 1 || h > 365)) throw new AppError("INVALID_INPUT", "Horizons are whole numbers of days from 1 to 365.");
  return out;
}

/** Outcomes, and the KPI history their horizon days need. Shared by the versions compared. */
async function prepare(options: BacktestOptions): Promise<Prepared> {
  const salesforce = await salesforceIntegration();
  if (!salesforce) throw new AppError("CONFLICT", "The backtest replays scores of Salesforce accounts: connect Salesforce on the Integrations page first.");
  const today = options.today ?? utcDay(Date.now());
  const horizons = checkHorizons(options.horizons ?? BACKTEST_HORIZONS);
  const limit = Math.max(0, Math.floor(options.maxHistoryDays ?? MAX_HISTORY_DAYS_PER_RUN));

  let t = performance.now();
  const [outcomes, tools, cases] = await Promise.all([loadChurnOutcomes(salesforce.id, today), usageTools(), casesSynced(salesforce.id)]);
  const outcomesMs = since(t);

  t = performance.now();
  const days = new Set<Day>();
  for (const o of outcomes) for (const h of horizons) days.add(addDays(o.date, -h));
  const coverage = new Map<string, UsageCoverage | null>();
  const missingByTool = new Map<string, Day[]>();
  const presentByTool = new Map<string, number>();
  for (const tool of tools) {
    const c = await readUsageCoverage(tool.id);
    coverage.set(tool.id, c);
    const inside = c ? [...days].filter((d) => d >= c.firstDay && d <= c.lastDay) : [];
    const have = await kpiSnapshotDays(tool.id, inside);
    presentByTool.set(tool.id, have.size);
    missingByTool.set(tool.id, inside.filter((d) => !have.has(d)));
  }
  // The bound is on distinct days, newest first: recent outcomes are scored first, and the next
  // run continues where this one stopped (the days computed now are present then).
  const allowed = new Set([...new Set([...missingByTool.values()].flat())].sort().reverse().slice(0, limit));
  const leftOver = new Map<string, Set<Day>>();
  const toolHistory: ToolHistory[] = [];
  for (const tool of tools) {
    const missing = missingByTool.get(tool.id)!;
    const computeNow = missing.filter((d) => allowed.has(d));
    const backfill = computeNow.length > 0 ? await backfillKpiHistory(tool.id, computeNow) : null;
    leftOver.set(tool.id, new Set(missing.filter((d) => !allowed.has(d))));
    toolHistory.push({
      system: tool.system,
      integrationId: tool.id,
      coverage: coverage.get(tool.id) ?? null,
      firstActivityDay: await firstActivityDay(tool.id),
      needed: presentByTool.get(tool.id)! + missing.length,
      present: presentByTool.get(tool.id)! + (backfill?.present.length ?? 0),
      computed: backfill?.computed.length ?? 0,
      leftOver: leftOver.get(tool.id)!.size,
    });
  }
  const withoutAnySnapshot = await daysWithoutSnapshots(tools, days);
  const history: BacktestHistory = { tools: toolHistory, days: days.size, limit, notes: historyNotes(toolHistory, limit) };
  return { salesforceId: salesforce.id, tools, casesSynced: cases, today, horizons, outcomes, history, coverage, leftOver, withoutAnySnapshot, timings: { outcomesMs, historyMs: since(t) } };
}

/**
 * Most horizon days of renewals a year back lie before any usage: loadScoringInputs would find no
 * snapshot there for anyone, so the replay skips them instead of asking (two thirds of the days at
 * 1,000 accounts). Exact: a day is skipped only when no tool has a snapshot in the days
 * loadScoringInputs reads (the day and the KPI_STALE_DAYS − 1 before it).
 */
async function daysWithoutSnapshots(tools: readonly UsageTool[], days: ReadonlySet<Day>): Promise<Set<Day>> {
  const window = (d: Day) => Array.from({ length: KPI_STALE_DAYS }, (_, i) => addDays(d, -i));
  const candidates = [...new Set([...days].flatMap(window))];
  const withSnapshot = new Set<Day>();
  for (const tool of tools) for (const d of await kpiSnapshotDays(tool.id, candidates)) withSnapshot.add(d);
  return new Set([...days].filter((d) => !window(d).some((w) => withSnapshot.has(w))));
}

async function firstActivityDay(toolId: string): Promise<Day | null> {
  const first = await db.usageAccountDay.aggregate({ where: { integrationId: toolId }, _min: { day: true } });
  return first._min.day ? utcDay(first._min.day) : null;
}

const TOOL_NAME = { pendo: "Pendo", px: "Gainsight PX" } as const;

function historyNotes(tools: readonly ToolHistory[], limit: number): string[] {
  const notes: string[] = [];
  const leftOver = Math.max(0, ...tools.map((t) => t.leftOver));
  if (leftOver > 0) {
    notes.push(`KPI history of ${leftOver} more day(s) is still to compute (a run computes at most ${limit}); their outcomes count as unscored. Run the backtest again to score them.`);
  }
  for (const t of tools) {
    // A tool sends no activity for days before it was installed (or, with the emulators, before
    // the generated window), yet ingestion records those days as read: their KPIs say "idle".
    if (t.coverage && t.firstActivityDay && t.firstActivityDay > t.coverage.firstDay) {
      notes.push(
        `${TOOL_NAME[t.system]} usage is ingested from ${t.coverage.firstDay}, but its first recorded activity is on ${t.firstActivityDay}: KPIs of days before ${addDays(t.firstActivityDay, 29)} count days with no activity at all, which may be history the tool never sent rather than idle accounts.`,
      );
    }
  }
  return notes;
}

async function resolveVersion(version: number | undefined): Promise<ModelVersion> {
  return version === undefined ? activeHealthModel() : healthModelVersion(version);
}

/** Scores every outcome at every horizon with `version`: one read-only snapshot of the hub for the whole replay. */
async function replay(p: Prepared, version: ModelVersion): Promise<BacktestResult> {
  const t = performance.now();
  const { model } = version;
  const ctx = { salesforceId: p.salesforceId, tools: p.tools, model, casesSynced: p.casesSynced };
  const byDay = new Map<Day, Set<string>>();
  for (const o of p.outcomes) {
    for (const h of p.horizons) {
      const day = addDays(o.date, -h);
      const ids = byDay.get(day) ?? new Set<string>();
      byDay.set(day, ids.add(o.accountId));
    }
  }
  const scores = new Map<string, Omit<BacktestPoint, "accountId" | "outcome" | "day">>();
  await inTransaction(async (sql) => {
    await sql.query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY");
    for (const [day, ids] of [...byDay].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
      const inputs = p.withoutAnySnapshot.has(day) ? new Map<string, ScoringInputs>() : await loadScoringInputs(sql, ctx, [...ids], day);
      for (const accountId of ids) {
        const input = inputs.get(accountId);
        if (!input || input.kpiDay === null) {
          scores.set(`${accountId}|${day}`, { score: null, colour: null, usageSource: null, kpiDay: null, unscored: withoutSnapshot(p, day) });
          continue;
        }
        const s = scoreAccount({ model, modelVersion: version.version, values: collectMeasureValues(model, input), segment: input.segment });
        scores.set(`${accountId}|${day}`, { score: s.score, colour: s.colour, usageSource: input.usageSource, kpiDay: input.kpiDay, unscored: s.score === null ? "no-measure" : null });
      }
    }
  });

  const horizons = p.horizons.map((days): HorizonResult => {
    const points = p.outcomes.map((o): BacktestPoint => {
      const day = addDays(o.date, -days);
      return { accountId: o.accountId, outcome: o.outcome, day, ...scores.get(`${o.accountId}|${day}`)! };
    });
    const unscoredBy = Object.fromEntries(UNSCORED_REASONS.map((r) => [r, 0])) as Record<UnscoredReason, number>;
    for (const pt of points) if (pt.unscored) unscoredBy[pt.unscored]++;
    const sample = points.map((pt) => ({ score: pt.score, colour: pt.colour, churned: pt.outcome === "churned" }));
    const scored = points.filter((pt) => pt.unscored === null).length;
    return { days, outcomes: points.length, scored, unscored: points.length - scored, unscoredBy, metrics: backtestMetrics(sample), roc: rocCurve(sample), points };
  });
  return {
    modelVersion: version.version,
    modelName: model.name,
    today: p.today,
    outcomes: p.outcomes,
    horizons,
    history: p.history,
    computedAt: new Date().toISOString(),
    timings: { ...p.timings, replayMs: since(t) },
  };
}

/** Why an account has no snapshot on `day` in any tool: the day, or the account. */
function withoutSnapshot(p: Prepared, day: Day): UnscoredReason {
  if (p.tools.some((tool) => p.leftOver.get(tool.id)?.has(day))) return "history-limit";
  const inside = p.tools.some((tool) => {
    const c = p.coverage.get(tool.id);
    return c && day >= c.firstDay && day <= c.lastDay;
  });
  return inside ? "not-tracked" : "outside-history";
}

/** Replays `version` (default: the active one) over every churn and renewal in the hub. */
export async function runBacktest(version?: number, options: BacktestOptions = {}): Promise<BacktestResult> {
  const model = await resolveVersion(version);
  return replay(await prepare(options), model);
}

/** Replays two versions over the same outcomes and the same history, and says which separates better. */
export async function compareBacktests(versionA: number, versionB: number, options: BacktestOptions = {}): Promise<BacktestComparison> {
  const [modelA, modelB] = await Promise.all([resolveVersion(versionA), resolveVersion(versionB)]);
  const prepared = await prepare(options);
  const a = await replay(prepared, modelA);
  const b = await replay(prepared, modelB);
  return { a, b, horizons: a.horizons.map((h, i) => compareHorizon(a.modelVersion, h, b.modelVersion, b.horizons[i]!)) };
}

/**
 * The intervals are each version's own; both versions score the same accounts, so intervals that
 * overlap are a cautious reading (a paired test would separate smaller differences).
 */
function compareHorizon(versionA: number, a: HorizonResult, versionB: number, b: HorizonResult): HorizonComparison {
  const aucA = a.metrics.auc;
  const aucB = b.metrics.auc;
  const at = `${a.days} days before the outcome`;
  if (aucA === null || aucB === null) {
    const which = aucA === null && aucB === null ? "neither version has" : `version ${aucA === null ? versionA : versionB} has no`;
    return { days: a.days, aucA, aucB, difference: null, sentence: `No comparison ${at}: ${which} an AUC (scored churned and renewed accounts are both needed).` };
  }
  const difference = aucB - aucA;
  const f = (n: number) => n.toFixed(2);
  const ia = a.metrics.aucInterval!;
  const ib = b.metrics.aucInterval!;
  const overlap = ia.low <= ib.high && ib.low <= ia.high;
  if (Math.abs(difference) < 0.005) {
    return { days: a.days, aucA, aucB, difference, sentence: `No difference ${at}: versions ${versionA} and ${versionB} both have an AUC of ${f(aucA)}.` };
  }
  const [better, worse, hi, lo] = difference > 0 ? [versionB, versionA, aucB, aucA] : [versionA, versionB, aucA, aucB];
  const sentence = overlap
    ? `${at[0]!.toUpperCase()}${at.slice(1)}, version ${better} has the higher AUC (${f(hi)} against ${f(lo)} for version ${worse}), but their 95% intervals overlap: the difference may be noise.`
    : `${at[0]!.toUpperCase()}${at.slice(1)}, version ${better} separates churned from renewed accounts better: an AUC of ${f(hi)} against ${f(lo)} for version ${worse}, with 95% intervals apart.`;
  return { days: a.days, aucA, aucB, difference, sentence };
}
