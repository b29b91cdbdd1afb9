import { clsx } from "clsx";
import { LocalTime } from "@/components/sync/local-time";

/** Salesforce's daily API allowance is shared with every other integration in the org. */
export function ApiUsageBar({ used, max, at }: { used: number; max: number; at: string | null }) {
  const share = max > 0 ? Math.min(1, used / max) : 0;
  const percent = Math.round(share * 1000) / 10;
  return (
    <div>
      <div className="flex justify-between text-xs text-slate-600">
        <span>API requests today</span>
        <span data-testid="api-usage">
          {used.toLocaleString("en-US")} of {max.toLocaleString("en-US")} ({percent}%)
        </span>
      </div>
      <div
        className="mt-1 h-2 overflow-hidden rounded-full bg-slate-100"
        role="meter"
        aria-label="Salesforce API requests used today"
        aria-valuemin={0}
        aria-valuemax={max}
        aria-valuenow={used}
      >
        <div
          className={clsx("h-full rounded-full", share > 0.9 ? "bg-red-500" : share > 0.7 ? "bg-amber-500" : "bg-brand-600")}
          style={{ width: `${Math.max(share * 100, used > 0 ? 1 : 0)}%` }}
        />
      </div>
      {at && (
        <p className="mt-1 text-xs text-slate-500">
          as of <LocalTime iso={at} />
        </p>
      )}
    </div>
  );
}
