"use client";

import { useState } from "react";
import type { BacktestJobResult } from "@/lib/health/backtest-job";
import type { BacktestResult } from "@/lib/health/backtest";
import { RocChart } from "@/components/health/roc-chart";

// The figures of one backtest, or of two side by side: per horizon the AUC with its interval, and
// "red" as a prediction of churn (precision, recall), each with the verdict in words.

const auc = (v: number | null) => (v == null ? "—" : v.toFixed(2));
const share = (v: number | null) => (v == null ? "—" : `${Math.round(v * 100)}%`);

function VersionFigures({ result }: { result: BacktestResult }) {
  return (
    <div>
      <h3 className="text-sm font-semibold text-slate-900">
        Version {result.modelVersion}: {result.modelName}
      </h3>
      <table className="mt-1 w-full text-left text-sm">
        <thead className="text-xs uppercase text-slate-500">
          <tr>
            <th className="py-1 pr-3 font-medium">Before outcome</th>
            <th className="py-1 pr-3 font-medium">Scored (churned / renewed)</th>
            <th className="py-1 pr-3 font-medium">ROC AUC (95%)</th>
            <th className="py-1 pr-3 font-medium">Red: precision</th>
            <th className="py-1 pr-3 font-medium">Red: recall</th>
            <th className="py-1 font-medium">Verdict</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {result.horizons.map((h) => (
            <tr key={h.days} data-horizon={h.days}>
              <td className="py-1 pr-3">{h.days} days</td>
              <td className="py-1 pr-3">
                {h.metrics.accounts} ({h.metrics.churned} / {h.metrics.renewed}){h.unscored > 0 ? `, ${h.unscored} unscored` : ""}
              </td>
              <td className="py-1 pr-3 tabular-nums">
                {auc(h.metrics.auc)}
                {h.metrics.aucInterval ? ` (${auc(h.metrics.aucInterval.low)}–${auc(h.metrics.aucInterval.high)})` : ""}
              </td>
              <td className="py-1 pr-3 tabular-nums">{share(h.metrics.precision)}</td>
              <td className="py-1 pr-3 tabular-nums">{share(h.metrics.recall)}</td>
              <td className="py-1 text-slate-700">{h.metrics.verdict.sentence}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {result.history.notes.length > 0 && (
        <ul className="mt-1 list-disc pl-5 text-xs text-slate-500">
          {result.history.notes.map((n) => (
            <li key={n}>{n}</li>
          ))}
        </ul>
      )}
    </div>
  );
}

export function BacktestResults({ result }: { result: BacktestJobResult }) {
  const runs: BacktestResult[] = result.comparison ? [result.comparison.a, result.comparison.b] : result.backtest ? [result.backtest] : [];
  const horizons = runs[0]?.horizons.map((h) => h.days) ?? [];
  const [days, setDays] = useState(horizons[0] ?? 30);
  return (
    <div className="space-y-4" data-testid="backtest-results">
      {result.comparison && (
        <div>
          <h3 className="text-sm font-semibold text-slate-900">
            Version {result.comparison.a.modelVersion} against version {result.comparison.b.modelVersion}
          </h3>
          <ul className="mt-1 space-y-0.5 text-sm text-slate-700">
            {result.comparison.horizons.map((h) => (
              <li key={h.days}>
                <span className="font-medium">{h.days} days before:</span> {h.sentence}
              </li>
            ))}
          </ul>
        </div>
      )}
      {runs.map((r) => (
        <VersionFigures key={r.modelVersion} result={r} />
      ))}
      <div>
        <div className="flex items-center gap-2 text-sm">
          <span className="font-medium text-slate-700">ROC curve,</span>
          {horizons.map((d) => (
            <button key={d} type="button" onClick={() => setDays(d)} className={d === days ? "font-semibold text-brand-700 underline" : "text-slate-600 hover:underline"}>
              {d} days
            </button>
          ))}
          <span className="text-slate-500">before the outcome</span>
        </div>
        <RocChart curves={runs.map((r) => ({ version: r.modelVersion, points: r.horizons.find((h) => h.days === days)?.roc ?? [] }))} />
      </div>
    </div>
  );
}
