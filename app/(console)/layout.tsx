import { redirect } from "next/navigation";
import { requireUser } from "@/app/_auth/require";
import { can, ROLE_LABELS } from "@/lib/auth/permissions";
import { ADMIN_NAV, MAIN_NAV } from "@/components/layout/nav-items";
import { Sidebar } from "@/components/layout/sidebar";
import { AlertBell } from "@/components/alerts/alert-bell";
import { unreadCount } from "@/lib/alerts/list-notifications";

export default async function ConsoleLayout({ children }: { children: React.ReactNode }) {
  const user = await requireUser();
  if (user.mustChangePassword) redirect("/account/password");
  const visible = (items: typeof MAIN_NAV) => items.filter((i) => can(user.role, i.permission));
  // Alerts name integrations and runs, never account data: every role that sees integrations sees them.
  const bell = can(user.role, "integrations.read") ? <AlertBell initialUnread={await unreadCount(user.id).catch(() => 0)} /> : null;
  return (
    // A column on small screens (top bar, then the page), a row with the sidebar from md up.
    <div className="flex min-h-screen flex-col md:flex-row">
      <Sidebar main={visible(MAIN_NAV)} admin={visible(ADMIN_NAV)} user={{ email: user.email, roleLabel: ROLE_LABELS[user.role].label }} bell={bell} />
      <main className="min-w-0 flex-1 px-4 py-5 md:px-8 md:py-6">{children}</main>
    </div>
  );
}
