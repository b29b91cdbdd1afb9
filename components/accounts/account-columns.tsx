import Link from "next/link";
import { Badge } from "@/components/ui/card";
import { queryHref, type Column } from "@/components/ui/table";
import { HealthCell } from "@/components/accounts/health-cell";
import { LinkedAccounts } from "@/components/accounts/linked-accounts";
import { LocalDate } from "@/components/accounts/local-date";
import { TrendCell } from "@/components/accounts/trend-cell";
import { direction, sortParams, type AccountExportFilter, type AccountSort } from "@/lib/accounts/list-filter";
import { arrText, seatsText } from "@/lib/accounts/list-format";
import type { AccountRow } from "@/lib/accounts/list-rows";

const STATE_BADGE = {
  TO_MERGE: { tone: "amber", text: "merged in Salesforce" },
  TO_DELETE: { tone: "red", text: "deleted in Salesforce" },
} as const;

/** The Accounts list's columns, health first; sortable headers link to the same view sorted by them. */
export function accountColumns(filter: AccountExportFilter, newestScoreDay: string | null): Column<AccountRow>[] {
  const sort = (key: AccountSort): Column<AccountRow>["sort"] => ({
    href: queryHref("/accounts", sortParams(filter, key)),
    direction: filter.sort === key ? (direction(filter) === "asc" ? "ascending" : "descending") : undefined,
  });
  return [
    { key: "health", header: "Health", sort: sort("score"), cell: (a) => <HealthCell health={a.health} newestScoreDay={newestScoreDay} /> },
    {
      key: "account",
      header: "Account",
      sort: sort("name"),
      cell: (a) => (
        <>
          <Link href={`/accounts/${encodeURIComponent(a.id)}`} className="font-medium text-brand-700 hover:underline">
            {a.name ?? "(no name)"}
          </Link>
          <div className="font-mono text-xs text-slate-500">{a.id}</div>
          {a.state !== "ACTIVE" && <Badge tone={STATE_BADGE[a.state].tone}>{STATE_BADGE[a.state].text}</Badge>}
        </>
      ),
    },
    {
      key: "trend",
      // Two sorts in one column: the header carries both links.
      header: (
        <span className="whitespace-nowrap">
          Trend <TrendSort filter={filter} sort="trend7" label="7d" /> · <TrendSort filter={filter} sort="trend30" label="30d" />
        </span>
      ),
      cell: (a) => <TrendCell days7={a.trend.days7} days30={a.trend.days30} />,
    },
    { key: "arr", header: "ARR", align: "right", sort: sort("arr"), cell: (a) => (a.arr === null ? <span className="text-slate-400">—</span> : arrText(a.arr)) },
    { key: "renewal", header: "Renewal", sort: sort("renewal"), cell: (a) => (a.renewalDate ? <LocalDate day={a.renewalDate} /> : <span className="text-slate-400">—</span>) },
    { key: "segment", header: "Segment", cell: (a) => a.segment ?? <span className="text-slate-400">—</span> },
    {
      key: "csm",
      header: "CSM",
      cell: (a) =>
        a.csm ? (
          <span title={a.csm.email ?? undefined}>{a.csm.name ?? <span className="font-mono text-xs" title="This Salesforce user is not in the hub yet">{a.csm.id}</span>}</span>
        ) : (
          <span className="text-slate-400">—</span>
        ),
    },
    {
      key: "users",
      header: "Active users (30d)",
      cell: (a) => (
        <span className="whitespace-nowrap text-xs" title={a.usage.tool ? `${a.usage.tool} KPIs of ${a.usage.kpiDay ?? "no day"}` : "No tool tracks this account's usage"}>
          {seatsText(a.usage.activeUsers30d, a.seats)}
        </span>
      ),
    },
    {
      key: "activity",
      header: "Last activity",
      cell: (a) => (a.usage.lastVisitAt ? <LocalDate day={a.usage.lastVisitAt} /> : <span className="text-slate-400">—</span>),
    },
    { key: "linked", header: "Linked in Pendo / PX", cell: (a) => <LinkedAccounts row={a} /> },
  ];
}

function TrendSort({ filter, sort, label }: { filter: AccountExportFilter; sort: "trend7" | "trend30"; label: string }) {
  const current = filter.sort === sort ? direction(filter) : null;
  return (
    <Link href={queryHref("/accounts", sortParams(filter, sort))} className="hover:text-slate-800 hover:underline" aria-label={`Sort by ${label} trend`}>
      {label}
      {current && <span aria-hidden="true">{current === "asc" ? " ↑" : " ↓"}</span>}
    </Link>
  );
}
