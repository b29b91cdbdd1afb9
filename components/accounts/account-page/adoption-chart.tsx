"use client";

import { Bar, BarChart, CartesianGrid, Tooltip, XAxis, YAxis } from "recharts";
import { viewerFormat } from "@/lib/accounts/account-page-format";

// Weekly active users over the QBR's 90 days (recharts). Hidden from assistive technology: the
// table under it holds the same figures.

export function AdoptionChart({ weeks, locale }: { weeks: { from: string; to: string; activeUsers: number }[]; locale: string }) {
  const fmt = viewerFormat(locale);
  const data = weeks.map((w) => ({ label: fmt.shortDay(w.to), users: w.activeUsers, from: w.from, to: w.to }));
  return (
    <div aria-hidden="true" className="w-full">
      <BarChart data={data} responsive style={{ width: "100%", height: 220 }} margin={{ top: 8, right: 8, bottom: 4, left: 0 }} accessibilityLayer={false}>
        <CartesianGrid strokeDasharray="3 3" stroke="#e2e8f0" vertical={false} />
        <XAxis dataKey="label" tick={{ fontSize: 11 }} interval="preserveStartEnd" />
        <YAxis allowDecimals={false} tick={{ fontSize: 11 }} width={36} />
        <Tooltip formatter={(v) => [fmt.number(Number(v), 0), "Active users"]} labelFormatter={(_, payload) => (payload?.[0] ? `${fmt.day(String(payload[0].payload.from))} – ${fmt.day(String(payload[0].payload.to))}` : "")} />
        <Bar dataKey="users" fill="#1d5fd1" isAnimationActive={false} />
      </BarChart>
    </div>
  );
}
