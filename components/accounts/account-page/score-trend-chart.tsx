"use client";

import { CartesianGrid, Line, LineChart, ReferenceArea, ReferenceLine, Tooltip, XAxis, YAxis } from "recharts";
import { viewerFormat } from "@/lib/accounts/account-page-format";
import type { TrendPoint, VersionMarker } from "@/lib/accounts/account-page-trend";

// The 90-day score chart (recharts). Hidden from assistive technology: the section beside it
// states the same figures in words and in a table. Days are drawn on a time axis so a day
// without a score is a gap, not a squeezed-out point.

const at = (day: string) => Date.parse(`${day}T00:00:00.000Z`);
const dayOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);

export function ScoreTrendChart({
  points,
  markers,
  from,
  to,
  bands,
  locale,
}: {
  points: TrendPoint[];
  markers: VersionMarker[];
  from: string;
  to: string;
  bands: { red: number; green: number };
  locale: string;
}) {
  const fmt = viewerFormat(locale);
  const data = points.map((p) => ({ t: at(p.day), score: p.score }));
  return (
    <div aria-hidden="true" className="w-full">
      <LineChart data={data} responsive style={{ width: "100%", height: 260 }} margin={{ top: 20, right: 16, bottom: 4, left: 0 }} accessibilityLayer={false}>
        <CartesianGrid strokeDasharray="3 3" stroke="#e2e8f0" />
        <ReferenceArea y1={0} y2={bands.red} fill="#fee2e2" fillOpacity={0.6} ifOverflow="hidden" />
        <ReferenceArea y1={bands.red} y2={bands.green} fill="#fef3c7" fillOpacity={0.5} ifOverflow="hidden" />
        <ReferenceArea y1={bands.green} y2={100} fill="#dcfce7" fillOpacity={0.5} ifOverflow="hidden" />
        <XAxis dataKey="t" type="number" scale="time" domain={[at(from), at(to)]} tickFormatter={(ms: number) => fmt.shortDay(dayOf(ms))} tick={{ fontSize: 12 }} />
        <YAxis domain={[0, 100]} ticks={[0, 25, 50, 75, 100]} tick={{ fontSize: 12 }} width={36} />
        <Tooltip labelFormatter={(ms) => fmt.day(dayOf(Number(ms)))} formatter={(v) => [typeof v === "number" ? fmt.number(v, 1) : "no score", "Score"]} />
        {markers.map((m) => (
          <ReferenceLine key={m.day} x={at(m.day)} stroke="#4f46e5" strokeDasharray="4 3" label={{ value: `v${m.to}`, position: "top", fontSize: 11, fill: "#4338ca" }} />
        ))}
        <Line type="monotone" dataKey="score" stroke="#1d5fd1" strokeWidth={2} dot={data.length < 20} connectNulls={false} isAnimationActive={false} />
      </LineChart>
    </div>
  );
}
