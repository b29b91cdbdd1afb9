import { Badge, Card } from "@/components/ui/card";
import type { RetiredAccountRow } from "@/lib/matching/list-matches";

// Salesforce accounts deleted or merged there, kept in the hub until someone acts (seed 003).

export interface RetiredAccountView extends RetiredAccountRow {
  /** Analytics records linked or pinned to the account now, e.g. "Pendo acct-1 (pinned)". */
  linked: string[];
}

export function RetiredAccounts({ rows }: { rows: RetiredAccountView[] }) {
  return (
    <Card className="mt-6">
      <h2 className="mb-1 text-base font-semibold text-slate-900" id="retired-heading">
        Deleted or merged in Salesforce
      </h2>
      <p className="mb-3 text-sm text-slate-600">
        Kept in the hub until someone acts: <strong>to merge</strong> when something hung on the account when it went (merge or re-pin it to the surviving record),{" "}
        <strong>to delete</strong> otherwise.
      </p>
      {rows.length === 0 ? (
        <p className="py-4 text-center text-sm text-slate-600" data-testid="retired-empty">
          No Salesforce account has been deleted or merged since the first pull.
        </p>
      ) : (
        <div className="overflow-x-auto">
          <table className="w-full text-sm" aria-labelledby="retired-heading">
            <thead>
              <tr className="border-b border-slate-200 text-left text-xs uppercase tracking-wide text-slate-500">
                <th className="py-2 pr-3 font-medium">Account</th>
                <th className="py-2 pr-3 font-medium">State</th>
                <th className="py-2 pr-3 font-medium">Master record</th>
                <th className="py-2 pr-3 font-medium">Linked records now</th>
                <th className="py-2 pr-3 font-medium">What happened</th>
                <th className="py-2 font-medium">When</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((a) => (
                <tr key={a.id} className="border-b border-slate-100 align-top" data-testid="retired-row">
                  <td className="py-2 pr-3">
                    <div className="font-medium text-slate-900">{a.name ?? a.id}</div>
                    <div className="font-mono text-xs text-slate-500">{a.id}</div>
                  </td>
                  <td className="py-2 pr-3">
                    <Badge tone={a.state === "TO_MERGE" ? "amber" : "slate"}>{a.state === "TO_MERGE" ? "to merge" : "to delete"}</Badge>
                  </td>
                  <td className="py-2 pr-3 font-mono text-xs text-slate-700">{a.masterRecordId ?? <span className="font-sans text-slate-400">none (deleted)</span>}</td>
                  <td className="py-2 pr-3 text-xs text-slate-700">
                    {a.linked.length === 0 ? (
                      <span className="text-slate-400">none</span>
                    ) : (
                      <ul className="space-y-0.5">
                        {a.linked.map((l) => (
                          <li key={l} className="font-mono">
                            {l}
                          </li>
                        ))}
                      </ul>
                    )}
                  </td>
                  <td className="max-w-md py-2 pr-3 text-slate-700">{a.reason}</td>
                  <td className="whitespace-nowrap py-2 text-xs text-slate-500">{a.deletedAt ? new Date(a.deletedAt).toLocaleDateString("en-US") : ""}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Card>
  );
}
