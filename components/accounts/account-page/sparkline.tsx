"use client";

import { Line, LineChart, Tooltip, XAxis, YAxis } from "recharts";
import { viewerFormat } from "@/lib/accounts/account-page-format";
import type { SeriesPoint } from "@/lib/accounts/account-page-trend";

// A KPI's 90 days as a small line (recharts), hidden from assistive technology: the card around it
// states the newest value and the change in words. A day without a value is a gap.

const at = (day: string) => Date.parse(`${day}T00:00:00.000Z`);

export function Sparkline({ points, from, to, percent, locale }: { points: SeriesPoint[]; from: string; to: string; percent: boolean; locale: string }) {
  const fmt = viewerFormat(locale);
  const data = points.map((p) => ({ t: at(p.day), value: p.value }));
  return (
    <div aria-hidden="true" className="w-full">
      <LineChart data={data} responsive style={{ width: "100%", height: 48 }} margin={{ top: 4, right: 4, bottom: 4, left: 4 }} accessibilityLayer={false}>
        <XAxis dataKey="t" type="number" scale="time" domain={[at(from), at(to)]} hide />
        <YAxis hide domain={["auto", "auto"]} />
        <Tooltip
          labelFormatter={(ms) => fmt.day(new Date(Number(ms)).toISOString().slice(0, 10))}
          formatter={(v) => [typeof v === "number" ? (percent ? fmt.percent(v, 1) : fmt.number(v, 1)) : "no value", ""]}
        />
        <Line type="monotone" dataKey="value" stroke="#1d5fd1" strokeWidth={1.5} dot={data.length < 3} connectNulls={false} isAnimationActive={false} />
      </LineChart>
    </div>
  );
}
