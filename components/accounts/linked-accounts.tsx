import type { AccountRow } from "@/lib/accounts/list-rows";
import { formatCount } from "@/lib/sync/history/format";

/** The Pendo and Gainsight PX accounts linked to this Salesforce account, and users linked through its contacts. */
export function LinkedAccounts({ row }: { row: AccountRow }) {
  const systems = (["PENDO", "PX"] as const).filter((s) => row.links.some((l) => l.system === s) || row.linkedUsers.some((u) => u.system === s && u.users > 0));
  if (systems.length === 0) return <span className="text-xs text-slate-400">not linked</span>;
  return (
    <div className="space-y-1 text-xs">
      {systems.map((system) => {
        const users = row.linkedUsers.find((u) => u.system === system)?.users ?? 0;
        const tool = system === "PENDO" ? "Pendo" : "Gainsight PX";
        return (
          <div key={system}>
            <span className="font-medium text-slate-600">{tool}: </span>
            {row.links
              .filter((l) => l.system === system)
              .map((l, i) => (
                <span key={l.analyticsId} title={`linked by ${l.criterion}`}>
                  {i > 0 && ", "}
                  <span className={l.removed ? "text-slate-500 line-through" : "text-slate-900"}>{l.name ?? l.analyticsId}</span>
                  {l.name && <span className="ml-1 font-mono text-slate-500">{l.analyticsId}</span>}
                  {l.removed && <span className="ml-1 text-slate-500">(gone from {l.tool})</span>}
                </span>
              ))}
            {users > 0 && (
              <span className="text-slate-500">
                {row.links.some((l) => l.system === system) ? " · " : ""}
                {formatCount(users)} user{users === 1 ? "" : "s"} linked to its contacts
              </span>
            )}
          </div>
        );
      })}
    </div>
  );
}
