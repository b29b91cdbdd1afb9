import Link from "next/link";
import { requirePermission } from "@/app/_auth/require";
import { AccountFilters } from "@/components/accounts/account-filters";
import { accountColumns } from "@/components/accounts/account-columns";
import { SavedViews } from "@/components/accounts/saved-views";
import { Alert, Card, EmptyState, PageHeader } from "@/components/ui/card";
import { Table, queryHref } from "@/components/ui/table";
import { listAccounts, type AccountList } from "@/lib/accounts/list-accounts";
import { CSM_ME, describeFilter, filterParams, isFiltered, parseAccountFilter, type AccountFilter } from "@/lib/accounts/list-filter";
import { formatCount } from "@/lib/sync/history/format";
import { AddressNotUnderstood } from "@/components/ui/address-notice";

export const metadata = { title: "Accounts" };

const plural = (n: number, word: string) => `${formatCount(n)} ${word}${n === 1 ? "" : "s"}`;

/** Why the table is empty, in the terms of what the hub holds and what the filter asked for. */
function EmptyList({ list, filter }: { list: AccountList; filter: AccountFilter }) {
  const current = filterParams(filter);
  if (list.total > 0) {
    return (
      <>
        This page is past the end of the list.{" "}
        <Link href={queryHref("/accounts", current)} className="text-brand-700 hover:underline">
          Go to the first page
        </Link>
      </>
    );
  }
  if (filter.csm === CSM_ME && list.me && list.me.users.length === 0) {
    return (
      <>
        No Salesforce user in the hub has your email address ({list.me.email}), so no account names you as its CSM. My accounts lists the accounts whose CSM (CSM__c) is the
        Salesforce user with your email: check that user’s email in Salesforce, then pull Salesforce again.
      </>
    );
  }
  if (filter.colour && !list.hub.newestScoreDay) {
    return <>No account has a health score yet, so none can match a health filter. Scores appear after the next Synchronize.</>;
  }
  const csmName = list.options.csms.find((c) => c.id === filter.csm)?.name ?? null;
  return (
    <>
      No account has {describeFilter(filter, csmName).join(", ")}.{" "}
      <Link href="/accounts" className="text-brand-700 hover:underline">
        Clear filters
      </Link>
    </>
  );
}

export default async function AccountsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requirePermission("accounts.read");
  const { filter, ignored } = parseAccountFilter(await searchParams);
  const list = await listAccounts(filter, user);
  const current = filterParams(filter);
  const page = Math.min(filter.page, list.pageCount);
  const exportHref = queryHref("/api/accounts/export", current);

  return (
    <>
      <PageHeader
        title="Accounts"
        description="Every Salesforce account in the hub, health first: its score and colour as they stand now (an override in force applied), the trend, what it pays and when it renews, its CSM and how much it is used."
        actions={
          list.hub.anyAccount ? (
            <a href={exportHref} download className="rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium text-slate-700 hover:bg-slate-50">
              Export CSV
            </a>
          ) : undefined
        }
      />
      {ignored.length > 0 && <AddressNotUnderstood names={ignored} />}
      {!list.hub.anyAccount ? (
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
        <>
          {!list.hub.newestScoreDay && (
            <div className="mb-4">
              <Alert tone="blue">
                No health score yet. Scores are computed by every Synchronize and by the scheduled usage refresh, once a Pendo or Gainsight PX tool is connected:
                run Synchronize on the{" "}
                <Link href="/integrations" className="font-medium underline">
                  Integrations
                </Link>{" "}
                page. The accounts are listed below without scores until then.
              </Alert>
            </div>
          )}
          <Card>
            <SavedViews filter={filter} />
            <AccountFilters filter={filter} options={list.options} />
            <Table
              label="Accounts"
              columns={accountColumns(filter, list.hub.newestScoreDay)}
              rows={list.accounts}
              rowKey={(a) => `${a.integrationId}:${a.id}`}
              rowTestId="account-row"
              empty={<EmptyList list={list} filter={filter} />}
              pagination={{
                summary: [
                  `${plural(list.total, "account")}${isFiltered(filter) ? " match" : ""}`,
                  list.retired ? ` (${formatCount(list.retired)} deleted or merged in Salesforce, listed last)` : "",
                  list.hub.newestScoreDay ? ` · health as of ${list.hub.newestScoreDay}` : "",
                  ` · page ${formatCount(page)} of ${formatCount(list.pageCount)}`,
                ].join(""),
                links: [
                  { href: page > 1 ? queryHref("/accounts", current, { page: String(page - 1) }) : null, label: "← Previous", rel: "prev" },
                  { href: filter.page < list.pageCount ? queryHref("/accounts", current, { page: String(filter.page + 1) }) : null, label: "Next →", rel: "next" },
                ],
              }}
            />
          </Card>
        </>
      )}
    </>
  );
}
