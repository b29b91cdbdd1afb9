import { Badge } from "@/components/ui/card";
import type { AccountHealth } from "@/lib/accounts/list-rows";
import { scoreText } from "@/lib/accounts/list-format";

const TONE = { red: "red", yellow: "amber", green: "green" } as const;

/** Score and colour as the account shows them now (an override in force applied), and why when there is none. */
export function HealthCell({ health, newestScoreDay }: { health: AccountHealth | null; newestScoreDay: string | null }) {
  if (!health) return <span className="text-xs text-slate-500" title="Scoring runs with every Synchronize and the scheduled usage refresh; this account has not been scored yet.">not scored yet</span>;
  const stale = newestScoreDay !== null && health.day < newestScoreDay;
  return (
    <div className="whitespace-nowrap">
      {health.colour ? (
        <Badge tone={TONE[health.colour]}>
          <span className="tabular-nums">{health.score === null ? "—" : scoreText(health.score)}</span>
          <span className="ml-1">{health.colour}</span>
        </Badge>
      ) : (
        <span className="text-xs text-slate-500" title={`Every measure was missing on ${health.day}: no usage, NPS or support data for this account.`}>
          no data to score
        </span>
      )}
      {health.override && (
        <div className="mt-0.5 text-xs text-slate-500" title={health.note ?? undefined}>
          overridden (computed {health.override.computed.score === null ? "—" : scoreText(health.override.computed.score)})
        </div>
      )}
      {stale && <div className="mt-0.5 text-xs text-slate-500">as of {health.day}</div>}
    </div>
  );
}
