"use client";

import { CartesianGrid, Legend, Line, LineChart, ReferenceLine, Tooltip, XAxis, YAxis } from "recharts";
import type { RocPoint } from "@/lib/health/roc-curve";

// ROC curves of one or two versions on one chart, with the diagonal a coin would draw. Hidden from
// assistive technology: the table beside it states the AUC and verdict in words.

const COLOURS = ["#1d5fd1", "#db2777"];

export function RocChart({ curves }: { curves: { version: number; points: RocPoint[] }[] }) {
  const drawn = curves.filter((c) => c.points.length > 0);
  if (drawn.length === 0) {
    return <p className="mt-2 text-sm text-slate-600">No curve at this horizon: it needs both a churned and a renewed account with a score.</p>;
  }
  return (
    <div aria-hidden="true" className="mt-2 w-full max-w-xl">
      <LineChart responsive style={{ width: "100%", aspectRatio: 1.4 }} margin={{ top: 8, right: 16, bottom: 16, left: 0 }} accessibilityLayer={false}>
        <CartesianGrid strokeDasharray="3 3" stroke="#e2e8f0" />
        <XAxis
          dataKey="falsePositiveRate"
          type="number"
          domain={[0, 1]}
          tickFormatter={(v: number) => `${Math.round(v * 100)}%`}
          tick={{ fontSize: 12 }}
          label={{ value: "renewed accounts flagged", position: "insideBottom", offset: -8, fontSize: 12 }}
        />
        <YAxis dataKey="truePositiveRate" type="number" domain={[0, 1]} tickFormatter={(v: number) => `${Math.round(v * 100)}%`} tick={{ fontSize: 12 }} width={44} />
        <Tooltip formatter={(v) => (typeof v === "number" ? `${Math.round(v * 100)}%` : String(v))} labelFormatter={() => ""} />
        <Legend verticalAlign="top" />
        <ReferenceLine segment={[{ x: 0, y: 0 }, { x: 1, y: 1 }]} stroke="#94a3b8" strokeDasharray="4 4" />
        {drawn.map((c, i) => (
          <Line
            key={c.version}
            data={c.points}
            dataKey="truePositiveRate"
            name={`Version ${c.version}: churned accounts flagged`}
            stroke={COLOURS[i % COLOURS.length]}
            strokeWidth={2}
            dot={false}
            type="linear"
            isAnimationActive={false}
          />
        ))}
      </LineChart>
    </div>
  );
}
