import { clsx } from "clsx";
import { trendDirection, trendText } from "@/lib/accounts/list-format";

const TONE = { up: "text-green-700", down: "text-red-700", flat: "text-slate-500" } as const;

/** The computed score against 7 and 30 days before its newest day; a dash where either day has no score. */
export function TrendCell({ days7, days30 }: { days7: number | null; days30: number | null }) {
  return (
    <div className="whitespace-nowrap text-xs tabular-nums">
      <Trend label="7d" delta={days7} />
      <Trend label="30d" delta={days30} />
    </div>
  );
}

function Trend({ label, delta }: { label: string; delta: number | null }) {
  const text = trendText(delta);
  return (
    <div>
      <span className="text-slate-500">{label} </span>
      {text === null ? (
        <span className="text-slate-400" title="No score on that day to compare with">—</span>
      ) : (
        <span className={clsx("font-medium", TONE[trendDirection(delta!)])} title={`${delta! > 0 ? "+" : ""}${delta} points`}>
          {text}
        </span>
      )}
    </div>
  );
}
