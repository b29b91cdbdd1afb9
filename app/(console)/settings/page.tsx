import Link from "next/link";
import { requirePermission } from "@/app/_auth/require";
import { can } from "@/lib/auth/permissions";
import { Card, PageHeader } from "@/components/ui/card";

export const metadata = { title: "Settings" };

export default async function SettingsPage() {
  const user = await requirePermission("settings.read");
  const links = [
    { href: "/settings/matching", label: "Matching logic", text: "How Pendo and PX accounts and users are linked to Salesforce: criteria, order, preview.", show: can(user.role, "matching.manage") },
    { href: "/settings/mapping", label: "Field mappings", text: "Which Pendo and PX fields are pushed into Salesforce and which Salesforce fields are pulled into them.", show: can(user.role, "mapping.manage") },
    { href: "/settings/kpis", label: "KPI settings", text: "Core features, and the Salesforce fields of contracted features and licensed seats, for core feature adoption and seat utilisation.", show: can(user.role, "settings.manage") },
    { href: "/settings/schedules", label: "Schedules", text: "When each integration pulls and synchronizes on its own: cron expressions with a time zone, the next runs in your time zone, pause and resume.", show: can(user.role, "schedules.read") },
    { href: "/settings/alerts", label: "Alerts", text: "Thresholds of the alert rules (failed runs, rejected records, API allowance, missed schedules, slow or thin runs, reconnect needed), and the webhook and email they are sent to.", show: can(user.role, "settings.manage") },
    { href: "/settings/users", label: "Users and roles", text: "Invite people, set their role, deactivate accounts.", show: can(user.role, "users.read") },
    { href: "/settings/sharing-groups", label: "Sharing groups", text: "Keep accounts such as public-sector ones to the people in a group, whatever their role.", show: can(user.role, "sharing.manage") },
    { href: "/settings/configuration", label: "Configuration", text: "Export every setting to one JSON file, or import one with a preview of what it changes.", show: can(user.role, "settings.manage") },
    { href: "/audit", label: "Audit log", text: "Who changed what, and when.", show: can(user.role, "audit.read") },
    { href: "/status", label: "System status", text: "Database, Redis, worker heartbeat and queues.", show: can(user.role, "system.read") },
  ].filter((l) => l.show);
  return (
    <>
      <PageHeader title="Settings" description="Installation-wide settings." />
      <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
        {links.map((l) => (
          <Card key={l.href}>
            <Link href={l.href} className="font-medium text-brand-700 hover:underline">
              {l.label}
            </Link>
            <p className="mt-1 text-sm text-slate-600">{l.text}</p>
          </Card>
        ))}
      </div>
    </>
  );
}
