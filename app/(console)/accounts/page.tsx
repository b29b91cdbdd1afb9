import Link from "next/link";
import { requirePermission } from "@/app/_auth/require";
import { Alert, Badge, Card, EmptyState, PageHeader } from "@/components/ui/card";
import { Table, queryHref, type Column } from "@/components/ui/table";
import { accountFilterSchema, listAccounts, type AccountRow } from "@/lib/accounts/list-accounts";
import { formatCount } from "@/lib/sync/history/format";

export const metadata = { title: "Accounts" };

const STATE_BADGE = {
  ACTIVE: { tone: "green", text: "active" },
  TO_MERGE: { tone: "amber", text: "merged in Salesforce" },
  TO_DELETE: { tone: "red", text: "deleted in Salesforce" },
} as const;

function Links({ row, system }: { row: AccountRow; system: "PENDO" | "PX" }) {
  const links = row.links.filter((l) => l.system === system);
  const users = row.linkedUsers.find((u) => u.system === system)?.users ?? 0;
  if (links.length === 0 && users === 0) return <span className="text-slate-400">not linked</span>;
  return (
    <>
      {links.map((l) => (
        <div key={l.analyticsId} title={`linked by ${l.criterion}`}>
          <span className={l.removed ? "text-slate-500 line-through" : "text-slate-900"}>{l.name ?? l.analyticsId}</span>
          {l.name && <span className="ml-1 font-mono text-xs text-slate-500">{l.analyticsId}</span>}
          {l.removed && <span className="ml-1 text-xs text-slate-500">(gone from {l.tool})</span>}
        </div>
      ))}
      {users > 0 && (
        <div className="text-xs text-slate-500">
          {formatCount(users)} user{users === 1 ? "" : "s"} linked to its contacts
        </div>
      )}
    </>
  );
}

const columns: Column<AccountRow>[] = [
  {
    key: "account",
    header: "Account",
    cell: (a) => (
      <>
        <div className="font-medium text-slate-900">{a.name ?? <span className="text-slate-500">(no name)</span>}</div>
        {a.website && <div className="text-xs text-slate-500">{a.website}</div>}
      </>
    ),
  },
  { key: "id", header: "Salesforce id", cell: (a) => <span className="font-mono text-xs">{a.id}</span> },
  { key: "state", header: "State", cell: (a) => <Badge tone={STATE_BADGE[a.state].tone}>{STATE_BADGE[a.state].text}</Badge> },
  { key: "pendo", header: "Pendo", cell: (a) => <Links row={a} system="PENDO" /> },
  { key: "px", header: "Gainsight PX", cell: (a) => <Links row={a} system="PX" /> },
];

export default async function AccountsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requirePermission("accounts.read");
  const parsed = accountFilterSchema.safeParse(await searchParams);
  const filter = parsed.success ? parsed.data : accountFilterSchema.parse({});
  const list = await listAccounts(filter);
  const current = { q: filter.q };
  const page = Math.min(filter.page, list.pageCount);
  const retired = list.counts.TO_MERGE + list.counts.TO_DELETE;

  return (
    <>
      <PageHeader title="Accounts" description="The Salesforce accounts in the hub and the Pendo and Gainsight PX accounts matched to each. Active accounts first." />
      <p className="mb-4 text-sm text-slate-600">Health scores and usage KPIs are not built yet, so this list shows no health or usage figures.</p>
      {!parsed.success && (
        <div className="mb-4">
          <Alert tone="amber">Some parameters in the address were not understood and were ignored.</Alert>
        </div>
      )}
      {!list.anyAccount ? (
        <EmptyState
          title="No Salesforce account in the hub yet"
          action={
            <Link href="/integrations" className="text-sm font-medium text-brand-700 hover:underline">
              Go to Integrations
            </Link>
          }
        >
          Accounts arrive with the first Salesforce pull (Pull now on the Integrations page, or the schedule), and are matched to their Pendo and Gainsight PX
          accounts right after.
        </EmptyState>
      ) : (
        <Card>
          <form method="get" action="/accounts" className="mb-4 flex flex-wrap items-end gap-2 text-sm" role="search" aria-label="Search accounts">
            <label className="flex flex-col text-xs text-slate-600">
              Search
              <input name="q" type="search" defaultValue={filter.q ?? ""} placeholder="account name or Salesforce id" className="w-72 rounded border border-slate-300 px-2 py-1 text-sm" />
            </label>
            <button type="submit" className="rounded-md bg-brand-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-brand-700">
              Search
            </button>
            {filter.q && (
              <Link href="/accounts" className="px-2 py-1.5 text-sm text-slate-600 hover:underline">
                Clear
              </Link>
            )}
          </form>
          <Table
            label="Accounts"
            columns={columns}
            rows={list.accounts}
            rowKey={(a) => `${a.integrationId}:${a.id}`}
            rowTestId="account-row"
            empty={
              list.total > 0 ? (
                <>
                  This page is past the end of the list.{" "}
                  <Link href={queryHref("/accounts", current)} className="text-brand-700 hover:underline">
                    Go to the first page
                  </Link>
                </>
              ) : (
                `No account name contains “${filter.q ?? ""}” and no Salesforce id starts with it.`
              )
            }
            pagination={{
              summary: `${formatCount(list.total)} account${list.total === 1 ? "" : "s"}${filter.q ? " found" : ""}${retired ? ` (${formatCount(retired)} deleted or merged in Salesforce)` : ""} · page ${formatCount(page)} of ${formatCount(list.pageCount)}`,
              links: [
                { href: page > 1 ? queryHref("/accounts", current, { page: String(page - 1) }) : null, label: "← Previous", rel: "prev" },
                { href: filter.page < list.pageCount ? queryHref("/accounts", current, { page: String(filter.page + 1) }) : null, label: "Next →", rel: "next" },
              ],
            }}
          />
        </Card>
      )}
    </>
  );
}
