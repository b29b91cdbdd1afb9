import Link from "next/link";
import { z } from "zod";
import { requirePermission } from "@/app/_auth/require";
import { can } from "@/lib/auth/permissions";
import { alertsPage } from "@/lib/alerts/alerts-page";
import { NotificationList } from "@/components/alerts/notification-list";
import { StateBadge } from "@/components/alerts/levels";
import { LocalTime } from "@/components/sync/local-time";
import { Card, EmptyState, PageHeader } from "@/components/ui/card";

export const metadata = { title: "Alerts" };

/** A malformed address falls back to the first page of everything. */
const query = z.object({
  unread: z.enum(["1"]).optional().catch(undefined),
  before: z.string().trim().min(1).max(40).optional().catch(undefined),
});

export default async function AlertsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requirePermission("integrations.read");
  const { unread, before } = query.parse(await searchParams);
  const { open, notifications } = await alertsPage(user.id, { unread, before });
  const tab = (label: string, href: string, active: boolean) => (
    <Link href={href} aria-current={active ? "page" : undefined} className={active ? "font-medium text-slate-900" : "text-brand-700 hover:underline"}>
      {label}
    </Link>
  );

  return (
    <>
      <PageHeader
        title="Alerts"
        description="One notification each time an alert rule changes state (raised, worse, better, resolved), never one per run. Open alerts also show on their integration's card."
        actions={
          can(user.role, "settings.manage") ? (
            <Link href="/settings/alerts" className="text-sm font-medium text-brand-700 hover:underline">
              Alert settings
            </Link>
          ) : undefined
        }
      />
      <div className="space-y-4">
        <Card>
          <h2 className="text-base font-semibold text-slate-900">Open now</h2>
          {open.length === 0 ? (
            <p className="mt-2 text-sm text-slate-600">No alert is open: every rule is OK.</p>
          ) : (
            <ul className="mt-2 divide-y divide-slate-100">
              {open.map((a) => (
                <li key={a.id} className="flex flex-wrap items-start gap-3 py-2">
                  <div className="w-24 shrink-0 pt-0.5">
                    <StateBadge state={a.level} />
                  </div>
                  <div className="min-w-0 flex-1 text-sm">
                    <p className="text-slate-900">
                      {a.integration} · {a.title}
                    </p>
                    <p className="text-slate-700">{a.message}</p>
                    <p className="text-xs text-slate-500">
                      Since <LocalTime iso={a.since} />
                    </p>
                  </div>
                </li>
              ))}
            </ul>
          )}
        </Card>
        <Card>
          <div className="mb-3 flex items-center justify-between gap-3">
            <h2 className="text-base font-semibold text-slate-900">Notifications</h2>
            <nav aria-label="Which notifications" className="flex gap-3 text-sm">
              {tab("All", "/alerts", !unread)}
              {tab("Unread", "/alerts?unread=1", Boolean(unread))}
            </nav>
          </div>
          {notifications.items.length === 0 ? (
            <EmptyState title={unread ? "Nothing unread" : "No notification yet"}>
              {unread
                ? "Every notification has been read."
                : "A notification is written when a rule changes state: a run fails, rejects records, runs far slower or reads far fewer records than usual, the API allowance runs low, a scheduled pull does not start, or Salesforce needs reconnecting."}
            </EmptyState>
          ) : (
            <NotificationList key={`${unread ?? ""}:${before ?? ""}`} items={notifications.items} unread={notifications.unread} />
          )}
          {(before || notifications.next) && (
            <div className="mt-3 flex gap-4 text-sm">
              {before && (
                <Link href={unread ? "/alerts?unread=1" : "/alerts"} className="text-brand-700 hover:underline">
                  Newest
                </Link>
              )}
              {notifications.next && (
                <Link href={`/alerts?${new URLSearchParams({ ...(unread ? { unread } : {}), before: notifications.next }).toString()}`} className="text-brand-700 hover:underline">
                  Older
                </Link>
              )}
            </div>
          )}
        </Card>
      </div>
    </>
  );
}
