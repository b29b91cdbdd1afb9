import Link from "next/link";
import { clsx } from "clsx";
import { requirePermission } from "@/app/_auth/require";
import { can } from "@/lib/auth/permissions";
import { db } from "@/lib/db";
import { Badge, Card, EmptyState, PageHeader } from "@/components/ui/card";
import { ExceptionActions } from "@/components/exceptions/exception-actions";
import { OverridesTable, type OverrideRow } from "@/components/exceptions/overrides-table";
import { RetiredAccounts, type RetiredAccountView } from "@/components/exceptions/retired-accounts";
import { triedSteps, Why } from "@/components/exceptions/why";
import { exceptionFilterSchema, listExceptions, listRetiredAccounts, type ExceptionFilter, type ExceptionRow, type RetiredAccountRow } from "@/lib/matching/list-matches";
import { PIN } from "@/lib/matching/engine";
import { analyticsIntegrations, SYSTEM_LABEL } from "@/lib/hub/integrations";
import { AddressNotUnderstood } from "@/components/ui/address-notice";

export const metadata = { title: "Exceptions" };

type Search = Record<string, string | string[] | undefined>;
type Query = Record<string, string | undefined>;
const KINDS = ["UNMATCHED", "AMBIGUOUS", "DUPLICATE", "EXCLUDED"] as const;
const KIND_TONE = { UNMATCHED: "slate", AMBIGUOUS: "amber", DUPLICATE: "red", EXCLUDED: "blue" } as const;
const KIND_HELP = {
  UNMATCHED: "no criterion found a Salesforce record",
  AMBIGUOUS: "a criterion found several",
  DUPLICATE: "several records resolve to one Salesforce record",
  EXCLUDED: "kept out by an admin",
} as const;
const OVERRIDES_SHOWN = 200;

function href(path: string, current: Query, change: Query = {}): string {
  const next = new URLSearchParams();
  for (const [k, v] of Object.entries({ ...current, ...change })) if (v) next.set(k, v);
  const q = next.toString();
  return q ? `${path}?${q}` : path;
}

function suggestions(row: ExceptionRow): string[] {
  const candidates = triedSteps(row.tried)
    .filter((t) => t.outcome === "many" || t.outcome === "one")
    .flatMap((t) => t.candidates ?? []);
  return [...new Set([...(row.salesforceId ? [row.salesforceId] : []), ...candidates])].slice(0, 5);
}

type Systems = Map<string, string>;

async function labelsOf(keys: { integrationId: string; entity: "ACCOUNT" | "CONTACT"; analyticsId: string }[]): Promise<Map<string, string | null>> {
  const accountIds = keys.filter((k) => k.entity === "ACCOUNT").map((k) => k.analyticsId);
  const userIds = keys.filter((k) => k.entity === "CONTACT").map((k) => k.analyticsId);
  const [accounts, users] = await Promise.all([
    accountIds.length ? db.analyticsAccount.findMany({ where: { externalId: { in: accountIds } }, select: { integrationId: true, externalId: true, name: true } }) : [],
    userIds.length ? db.analyticsUser.findMany({ where: { externalId: { in: userIds } }, select: { integrationId: true, externalId: true, email: true, name: true } }) : [],
  ]);
  const labels = new Map<string, string | null>();
  for (const a of accounts) labels.set(`${a.integrationId}:ACCOUNT:${a.externalId}`, a.name);
  for (const u of users) labels.set(`${u.integrationId}:CONTACT:${u.externalId}`, u.email ?? u.name);
  return labels;
}

/** Pins and exclusions under the page's integration, object and search filters, newest first. */
async function loadOverrides(filter: ExceptionFilter, systems: Systems): Promise<{ rows: OverrideRow[]; total: number }> {
  const where = {
    ...(filter.integrationId ? { integrationId: filter.integrationId } : {}),
    ...(filter.entity ? { entity: filter.entity } : {}),
    ...(filter.q ? { OR: [{ analyticsId: { contains: filter.q, mode: "insensitive" as const } }, { salesforceId: { contains: filter.q, mode: "insensitive" as const } }] } : {}),
  };
  const [overrides, total] = await Promise.all([
    db.matchOverride.findMany({ where, orderBy: [{ createdAt: "desc" }, { analyticsId: "asc" }], take: OVERRIDES_SHOWN }),
    db.matchOverride.count({ where }),
  ]);
  const pins = overrides.filter((o) => o.action === "PIN");
  const [labels, links] = await Promise.all([
    labelsOf(overrides),
    pins.length ? db.matchLink.findMany({ where: { criterion: PIN, analyticsId: { in: pins.map((p) => p.analyticsId) } }, select: { integrationId: true, entity: true, analyticsId: true, salesforceId: true } }) : [],
  ]);
  const linked = new Set(links.map((l) => `${l.integrationId}:${l.entity}:${l.analyticsId}:${l.salesforceId}`));
  return {
    total,
    rows: overrides.map((o) => {
      const key = `${o.integrationId}:${o.entity}:${o.analyticsId}`;
      return {
        integrationId: o.integrationId,
        system: systems.get(o.integrationId) ?? "Removed integration",
        entity: o.entity,
        analyticsId: o.analyticsId,
        label: labels.get(key) ?? null,
        action: o.action,
        salesforceId: o.salesforceId,
        note: o.note,
        by: o.createdBy,
        at: o.createdAt.toISOString(),
        inEffect: o.action === "PIN" && linked.has(`${key}:${o.salesforceId}`),
      };
    }),
  };
}

/** What links or pins each retired account has now, e.g. "Pendo acct-1 (pinned)". */
async function withLinkedRecords(retired: RetiredAccountRow[], systems: Systems): Promise<RetiredAccountView[]> {
  const ids = retired.map((r) => r.id);
  if (ids.length === 0) return [];
  const [links, pins] = await Promise.all([
    db.matchLink.findMany({ where: { entity: "ACCOUNT", salesforceId: { in: ids } }, select: { integrationId: true, analyticsId: true, salesforceId: true, criterion: true } }),
    db.matchOverride.findMany({ where: { entity: "ACCOUNT", action: "PIN", salesforceId: { in: ids } }, select: { integrationId: true, analyticsId: true, salesforceId: true } }),
  ]);
  const byAccount = new Map<string, Set<string>>();
  const add = (id: string, text: string) => byAccount.set(id, (byAccount.get(id) ?? new Set()).add(text));
  for (const l of links) add(l.salesforceId, `${systems.get(l.integrationId) ?? "Removed integration"} ${l.analyticsId} (${l.criterion === PIN ? "pinned" : "linked"})`);
  for (const p of pins) if (p.salesforceId) add(p.salesforceId, `${systems.get(p.integrationId) ?? "Removed integration"} ${p.analyticsId} (pinned)`);
  return retired.map((r) => ({ ...r, linked: [...(byAccount.get(r.id) ?? [])] }));
}

export default async function ExceptionsPage({ searchParams }: { searchParams: Promise<Search> }) {
  const user = await requirePermission("exceptions.read");
  const canResolve = can(user.role, "exceptions.resolve");
  const search = await searchParams;
  const parsed = exceptionFilterSchema.safeParse(search);
  const filter = parsed.success ? parsed.data : exceptionFilterSchema.parse({});
  const [list, retired, integrations, all] = await Promise.all([
    listExceptions(filter, user),
    listRetiredAccounts(user),
    analyticsIntegrations(),
    db.integration.findMany({ select: { id: true, system: true } }),
  ]);
  const systems: Systems = new Map(all.map((i) => [i.id, SYSTEM_LABEL[i.system]]));
  const [overrides, retiredRows] = await Promise.all([loadOverrides(filter, systems), withLinkedRecords(retired, systems)]);

  const current: Query = { integrationId: filter.integrationId, entity: filter.entity, kind: filter.kind, q: filter.q };
  const exportHref = href("/api/exceptions/export", current);
  const pages = Math.max(1, Math.ceil(list.total / filter.pageSize));
  const filtered = Boolean(filter.integrationId || filter.entity || filter.kind || filter.q);
  const allKinds = KINDS.reduce((n, k) => n + (list.counts[k] ?? 0), 0);
  const nothingAtAll = !filtered && list.total === 0 && retired.length === 0 && overrides.total === 0;

  return (
    <>
      <PageHeader
        title="Exceptions"
        description="Records matching could not link with confidence, pins and exclusions, and accounts deleted or merged in Salesforce. Kept current by every pull."
        actions={
          nothingAtAll ? undefined : (
            <a href={exportHref} className="rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium text-slate-800 hover:bg-slate-50" download>
              Export CSV
            </a>
          )
        }
      />
      {!parsed.success && <AddressNotUnderstood />}
      {nothingAtAll ? (
        <EmptyState
          title="Nothing needs attention"
          action={
            integrations.length === 0 ? (
              <Link href="/integrations" className="text-sm font-medium text-brand-700 hover:underline">
                Connect Pendo or Gainsight PX
              </Link>
            ) : undefined
          }
        >
          {integrations.length === 0
            ? "No Pendo or Gainsight PX integration is connected yet, so there is nothing to match."
            : "Matching runs after every pull; any record it cannot link with confidence is listed here with the reason. If nothing has been pulled yet, use Pull now on the Integrations page."}
        </EmptyState>
      ) : (
        <>
          <Card>
            <form method="get" action="/exceptions" className="mb-4 flex flex-wrap items-end gap-2 text-sm" role="search" aria-label="Filter exceptions">
              <label className="flex flex-col text-xs text-slate-600">
                Tool
                <select name="integrationId" defaultValue={filter.integrationId ?? ""} className="rounded border border-slate-300 bg-white px-2 py-1 text-sm">
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
                <select name="entity" defaultValue={filter.entity ?? ""} className="rounded border border-slate-300 bg-white px-2 py-1 text-sm">
                  <option value="">Accounts and users</option>
                  <option value="ACCOUNT">Accounts</option>
                  <option value="CONTACT">Users</option>
                </select>
              </label>
              <label className="flex flex-col text-xs text-slate-600">
                Kind
                <select name="kind" defaultValue={filter.kind ?? ""} className="rounded border border-slate-300 bg-white px-2 py-1 text-sm">
                  <option value="">All kinds</option>
                  {KINDS.map((k) => (
                    <option key={k} value={k}>
                      {k.charAt(0) + k.slice(1).toLowerCase()}
                    </option>
                  ))}
                </select>
              </label>
              <label className="flex flex-col text-xs text-slate-600">
                Search
                <input name="q" type="search" defaultValue={filter.q ?? ""} placeholder="record id, reason or Salesforce id" className="w-64 rounded border border-slate-300 px-2 py-1 text-sm" />
              </label>
              <button type="submit" className="rounded-md bg-brand-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-brand-700">
                Apply
              </button>
              {filtered && (
                <Link href="/exceptions" className="px-2 py-1.5 text-sm text-slate-600 hover:underline">
                  Clear filters
                </Link>
              )}
            </form>
            <nav className="mb-3 flex flex-wrap gap-2" aria-label="Kind">
              <Link
                href={href("/exceptions", current, { kind: undefined })}
                aria-current={!filter.kind ? "page" : undefined}
                className={clsx("rounded-full px-3 py-1 text-xs", !filter.kind ? "bg-slate-800 text-white" : "bg-slate-100 text-slate-700 hover:bg-slate-200")}
                data-testid="kind-ALL"
              >
                all <span className="tabular-nums">{allKinds.toLocaleString("en-US")}</span>
              </Link>
              {KINDS.map((k) => (
                <Link
                  key={k}
                  href={href("/exceptions", current, { kind: k })}
                  aria-current={filter.kind === k ? "page" : undefined}
                  title={KIND_HELP[k]}
                  className={clsx("rounded-full px-3 py-1 text-xs", filter.kind === k ? "bg-slate-800 text-white" : "bg-slate-100 text-slate-700 hover:bg-slate-200")}
                  data-testid={`kind-${k}`}
                >
                  {k.toLowerCase()} <span className="tabular-nums">{(list.counts[k] ?? 0).toLocaleString("en-US")}</span>
                </Link>
              ))}
            </nav>
            {list.rows.length === 0 ? (
              <p className="py-6 text-center text-sm text-slate-600" data-testid="exceptions-empty">
                {list.total > 0 ? (
                  <>
                    This page is past the end of the list.{" "}
                    <Link href={href("/exceptions", current)} className="text-brand-700 hover:underline">
                      Go to the first page
                    </Link>
                  </>
                ) : filtered ? (
                  "No exception matches these filters."
                ) : (
                  "Every record is linked: no exception is open."
                )}
              </p>
            ) : (
              <div className="overflow-x-auto">
                <table className="w-full text-sm" aria-label="Exceptions">
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
                          {row.override?.action === "PIN" && <div className="mt-1 text-xs text-slate-500">pinned to {row.override.salesforceId}</div>}
                        </td>
                        <td className="max-w-xl py-2 pr-3 text-slate-700">
                          {row.reason}
                          <Why tried={row.tried} salesforceId={row.salesforceId} sharedWith={row.sharedWith} names={row.candidateNames} />
                        </td>
                        <td className="whitespace-nowrap py-2 pr-3 text-xs text-slate-500">
                          <time dateTime={row.since}>{new Date(row.since).toLocaleDateString("en-US")}</time>
                        </td>
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
                                candidateNames: row.candidateNames,
                              }}
                            />
                          </td>
                        )}
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
            <div className="mt-3 flex items-center justify-between text-xs text-slate-600">
              <span data-testid="exceptions-total">
                {list.total.toLocaleString("en-US")} exception{list.total === 1 ? "" : "s"} · page {Math.min(filter.page, pages)} of {pages}
              </span>
              <nav className="flex gap-3" aria-label="Pagination">
                {filter.page > 1 && (
                  <Link rel="prev" className="hover:underline" href={href("/exceptions", current, { page: String(Math.min(filter.page, pages + 1) - 1) })}>
                    ← Previous
                  </Link>
                )}
                {filter.page < pages && (
                  <Link rel="next" className="hover:underline" href={href("/exceptions", current, { page: String(filter.page + 1) })}>
                    Next →
                  </Link>
                )}
              </nav>
            </div>
          </Card>
          <OverridesTable rows={overrides.rows} total={overrides.total} canResolve={canResolve} />
          <RetiredAccounts rows={retiredRows} />
        </>
      )}
    </>
  );
}
