import Link from "next/link";
import { clsx } from "clsx";
import { requirePermission } from "@/app/_auth/require";
import { can } from "@/lib/auth/permissions";
import { Alert, Badge, Card, EmptyState, PageHeader } from "@/components/ui/card";
import { ExceptionActions } from "@/components/exceptions/exception-actions";
import { exceptionFilterSchema, listExceptions, listRetiredAccounts, type ExceptionRow } from "@/lib/matching/list-matches";
import { analyticsIntegrations, SYSTEM_LABEL } from "@/lib/hub/integrations";

export const metadata = { title: "Exceptions" };

type Search = Record<string, string | undefined>;
const KINDS = ["UNMATCHED", "AMBIGUOUS", "DUPLICATE", "EXCLUDED"] as const;
const KIND_TONE = { UNMATCHED: "slate", AMBIGUOUS: "amber", DUPLICATE: "red", EXCLUDED: "blue" } as const;
const OUTCOME: Record<string, string> = { none: "found nothing", one: "found one", many: "found several", skipped: "skipped" };

function href(current: Search, change: Search): string {
  const next = new URLSearchParams();
  for (const [k, v] of Object.entries({ ...current, ...change })) if (v) next.set(k, v);
  const q = next.toString();
  return q ? `/exceptions?${q}` : "/exceptions";
}

function suggestions(row: ExceptionRow): string[] {
  const tried = Array.isArray(row.tried) ? (row.tried as { outcome: string; candidates?: string[] }[]) : [];
  const candidates = tried.filter((t) => t.outcome === "many" || t.outcome === "one").flatMap((t) => t.candidates ?? []);
  return [...new Set([...(row.salesforceId ? [row.salesforceId] : []), ...candidates])].slice(0, 5);
}

function Why({ row }: { row: ExceptionRow }) {
  const tried = Array.isArray(row.tried) ? (row.tried as { criterion: string; outcome: string; key?: string; candidates?: string[]; note?: string }[]) : [];
  if (tried.length === 0 && row.sharedWith.length === 0) return null;
  return (
    <details className="mt-1 text-xs text-slate-600">
      <summary className="cursor-pointer text-slate-500">Why</summary>
      <ol className="ml-4 mt-1 list-decimal space-y-0.5">
        {tried.map((t, i) => (
          <li key={i}>
            {t.criterion}: {OUTCOME[t.outcome] ?? t.outcome}
            {t.key ? <span className="font-mono"> “{t.key}”</span> : null}
            {t.note ? ` (${t.note})` : null}
            {t.candidates && t.outcome === "many" ? <span className="font-mono"> {t.candidates.join(", ")}</span> : null}
          </li>
        ))}
      </ol>
      {row.sharedWith.length > 0 && <p className="mt-1">Also resolving to {row.salesforceId}: {row.sharedWith.join(", ")}</p>}
    </details>
  );
}

export default async function ExceptionsPage({ searchParams }: { searchParams: Promise<Search> }) {
  const user = await requirePermission("exceptions.read");
  const canResolve = can(user.role, "exceptions.resolve");
  const search = await searchParams;
  const parsed = exceptionFilterSchema.safeParse(search);
  const filter = parsed.success ? parsed.data : exceptionFilterSchema.parse({});
  const [list, retired, integrations] = await Promise.all([listExceptions(filter), listRetiredAccounts(), analyticsIntegrations()]);
  const current: Search = { integrationId: filter.integrationId, entity: filter.entity, kind: filter.kind, q: filter.q };
  const exportHref = href(current, {}).replace("/exceptions", "/api/exceptions/export");
  const pages = Math.max(1, Math.ceil(list.total / filter.pageSize));
  const nothingAtAll = list.total === 0 && !filter.integrationId && !filter.entity && !filter.kind && !filter.q && retired.length === 0;

  return (
    <>
      <PageHeader
        title="Exceptions"
        description="Records matching could not link with confidence, and accounts deleted or merged in Salesforce. Kept current by every pull."
        actions={
          <a href={exportHref} className="rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium text-slate-800 hover:bg-slate-50" download>
            Export CSV
          </a>
        }
      />
      {!parsed.success && (
        <div className="mb-4">
          <Alert tone="amber">Some filters in the address were not understood and were ignored.</Alert>
        </div>
      )}
      {nothingAtAll ? (
        <EmptyState title="Nothing needs attention">
          Matching runs after every pull; any record it cannot link with confidence is listed here with the reason. If nothing has been pulled yet, use Pull now on the{" "}
          <Link href="/integrations" className="text-brand-700 hover:underline">
            Integrations
          </Link>{" "}
          page.
        </EmptyState>
      ) : (
        <Card>
          <form method="get" action="/exceptions" className="mb-4 flex flex-wrap items-end gap-2 text-sm">
            <label className="flex flex-col text-xs text-slate-600">
              Tool
              <select name="integrationId" defaultValue={filter.integrationId ?? ""} className="rounded border border-slate-300 px-2 py-1 text-sm">
                <option value="">All</option>
                {integrations.map((i) => (
                  <option key={i.id} value={i.id}>
                    {SYSTEM_LABEL[i.system]}
                  </option>
                ))}
              </select>
            </label>
            <label className="flex flex-col text-xs text-slate-600">
              Object
              <select name="entity" defaultValue={filter.entity ?? ""} className="rounded border border-slate-300 px-2 py-1 text-sm">
                <option value="">Accounts and users</option>
                <option value="ACCOUNT">Accounts</option>
                <option value="CONTACT">Users</option>
              </select>
            </label>
            {filter.kind && <input type="hidden" name="kind" value={filter.kind} />}
            <label className="flex flex-col text-xs text-slate-600">
              Search
              <input name="q" type="search" defaultValue={filter.q ?? ""} placeholder="record id, reason or Salesforce id" className="w-64 rounded border border-slate-300 px-2 py-1 text-sm" />
            </label>
            <button type="submit" className="rounded-md bg-brand-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-brand-700">
              Apply
            </button>
          </form>
          <nav className="mb-3 flex flex-wrap gap-2" aria-label="Kind">
            <Link href={href(current, { kind: undefined, page: undefined })} className={clsx("rounded-full px-3 py-1 text-xs", !filter.kind ? "bg-slate-800 text-white" : "bg-slate-100 text-slate-700")}>
              All
            </Link>
            {KINDS.map((k) => (
              <Link
                key={k}
                href={href(current, { kind: k, page: undefined })}
                className={clsx("rounded-full px-3 py-1 text-xs capitalize", filter.kind === k ? "bg-slate-800 text-white" : "bg-slate-100 text-slate-700")}
                data-testid={`kind-${k}`}
              >
                {k.toLowerCase()} <span className="tabular-nums">{list.counts[k] ?? 0}</span>
              </Link>
            ))}
          </nav>
          {list.rows.length === 0 ? (
            <p className="py-6 text-center text-sm text-slate-600">No exception matches these filters.</p>
          ) : (
            <table className="w-full text-sm">
              <thead>
                <tr className="border-b border-slate-200 text-left text-xs uppercase tracking-wide text-slate-500">
                  <th className="py-2 pr-3 font-medium">Record</th>
                  <th className="py-2 pr-3 font-medium">Kind</th>
                  <th className="py-2 pr-3 font-medium">Reason</th>
                  <th className="py-2 pr-3 font-medium">Since</th>
                  {canResolve && <th className="py-2 font-medium">Action</th>}
                </tr>
              </thead>
              <tbody>
                {list.rows.map((row) => (
                  <tr key={`${row.integrationId}:${row.entity}:${row.analyticsId}`} className="border-b border-slate-100 align-top" data-testid="exception-row">
                    <td className="py-2 pr-3">
                      <div className="text-xs text-slate-500">
                        {row.system} {row.entity === "ACCOUNT" ? "account" : "user"}
                      </div>
                      <div className="font-medium text-slate-900">{row.label ?? row.analyticsId}</div>
                      {row.label && <div className="font-mono text-xs text-slate-500">{row.analyticsId}</div>}
                    </td>
                    <td className="py-2 pr-3">
                      <Badge tone={KIND_TONE[row.kind as keyof typeof KIND_TONE] ?? "slate"}>{row.kind.toLowerCase()}</Badge>
                      {row.override && <div className="mt-1 text-xs text-slate-500">{row.override.action === "PIN" ? `pinned to ${row.override.salesforceId}` : "excluded"}</div>}
                    </td>
                    <td className="max-w-xl py-2 pr-3 text-slate-700">
                      {row.reason}
                      <Why row={row} />
                    </td>
                    <td className="whitespace-nowrap py-2 pr-3 text-xs text-slate-500">{new Date(row.since).toLocaleDateString()}</td>
                    {canResolve && (
                      <td className="py-2">
                        <ExceptionActions
                          target={{
                            integrationId: row.integrationId,
                            entity: row.entity,
                            analyticsId: row.analyticsId,
                            label: row.label ?? row.analyticsId,
                            override: row.override,
                            suggestions: suggestions(row),
                          }}
                        />
                      </td>
                    )}
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          <div className="mt-3 flex items-center justify-between text-xs text-slate-600">
            <span>
              {list.total.toLocaleString("en-US")} exception{list.total === 1 ? "" : "s"} · page {filter.page} of {pages}
            </span>
            <span className="flex gap-3">
              {filter.page > 1 && <Link href={href(current, { page: String(filter.page - 1) })}>← Previous</Link>}
              {filter.page < pages && <Link href={href(current, { page: String(filter.page + 1) })}>Next →</Link>}
            </span>
          </div>
        </Card>
      )}
      {retired.length > 0 && (
        <Card className="mt-6">
          <h2 className="mb-1 text-base font-semibold text-slate-900">Deleted or merged in Salesforce</h2>
          <p className="mb-3 text-sm text-slate-600">
            Kept in the hub until someone acts: <strong>to merge</strong> when something still hangs on the account (merge it into the surviving record), <strong>to delete</strong> otherwise.
          </p>
          <table className="w-full text-sm">
            <thead>
              <tr className="border-b border-slate-200 text-left text-xs uppercase tracking-wide text-slate-500">
                <th className="py-2 pr-3 font-medium">Account</th>
                <th className="py-2 pr-3 font-medium">State</th>
                <th className="py-2 pr-3 font-medium">What happened</th>
                <th className="py-2 font-medium">When</th>
              </tr>
            </thead>
            <tbody>
              {retired.map((a) => (
                <tr key={a.id} className="border-b border-slate-100 align-top" data-testid="retired-row">
                  <td className="py-2 pr-3">
                    <div className="font-medium text-slate-900">{a.name ?? a.id}</div>
                    <div className="font-mono text-xs text-slate-500">{a.id}</div>
                  </td>
                  <td className="py-2 pr-3">
                    <Badge tone={a.state === "TO_MERGE" ? "amber" : "slate"}>{a.state === "TO_MERGE" ? "to merge" : "to delete"}</Badge>
                  </td>
                  <td className="py-2 pr-3 text-slate-700">{a.reason}</td>
                  <td className="py-2 text-xs text-slate-500">{a.deletedAt ? new Date(a.deletedAt).toLocaleDateString() : ""}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </Card>
      )}
    </>
  );
}
