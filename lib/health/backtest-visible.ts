import { dataScope, seesEveryAccount, visibleAccountIds, type Reader } from "@/lib/auth/data-scope";
import type { BacktestResult } from "@/lib/health/backtest";
import type { BacktestJobStatus } from "@/lib/health/backtest-job";

// Sharing groups on a backtest (lib/auth/data-scope.ts). The figures (AUC, precision, recall, the
// ROC curve, the counts behind them) judge the model on every churn and renewal the hub knows:
// judged on a viewer's share of them, one model would score differently for each admin, and
// activating it would rest on figures nobody else sees. They name no account, so they stay whole.
// The per-account lists (each outcome with its account's name, each point with its id and score)
// are cut to the accounts the reader may see, outcomes and points alike, so they stay aligned.

function visibleResult(result: BacktestResult, visible: ReadonlySet<string>): BacktestResult {
  return {
    ...result,
    outcomes: result.outcomes.filter((o) => visible.has(o.accountId)),
    horizons: result.horizons.map((h) => ({ ...h, points: h.points.filter((p) => visible.has(p.accountId)) })),
  };
}

const accountIdsOf = (r: BacktestResult | null) => (r ? [...r.outcomes.map((o) => o.accountId), ...r.horizons.flatMap((h) => h.points.map((p) => p.accountId))] : []);

/** The backtest status as the reader may see it: whole figures, their own accounts only in the lists. */
export async function visibleBacktest(status: BacktestJobStatus, reader: Reader): Promise<BacktestJobStatus> {
  if (status.state !== "done" || seesEveryAccount(await dataScope(reader))) return status;
  const { result } = status;
  const results = result.backtest ? [result.backtest] : [result.comparison.a, result.comparison.b];
  const visible = await visibleAccountIds(reader, results.flatMap(accountIdsOf));
  if (result.backtest) return { ...status, result: { ...result, backtest: visibleResult(result.backtest, visible) } };
  const { comparison } = result;
  return { ...status, result: { ...result, comparison: { ...comparison, a: visibleResult(comparison.a, visible), b: visibleResult(comparison.b, visible) } } };
}
