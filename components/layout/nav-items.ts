import type { Permission } from "@/lib/auth/permissions";

export interface NavItem {
  href: string;
  label: string;
  permission: Permission;
}

export const MAIN_NAV: NavItem[] = [
  { href: "/integrations", label: "Integrations", permission: "integrations.read" },
  { href: "/sync", label: "Sync history", permission: "sync.read" },
  { href: "/accounts", label: "Accounts", permission: "accounts.read" },
  { href: "/kpis", label: "KPI definitions", permission: "accounts.read" },
  { href: "/health-model", label: "Health model", permission: "health.read" },
  { href: "/playbooks", label: "Playbooks", permission: "playbooks.read" },
  { href: "/exceptions", label: "Exceptions", permission: "exceptions.read" },
  { href: "/settings", label: "Settings", permission: "settings.read" },
];

export const ADMIN_NAV: NavItem[] = [
  { href: "/settings/users", label: "Users", permission: "users.read" },
  { href: "/audit", label: "Audit log", permission: "audit.read" },
  { href: "/status", label: "System status", permission: "system.read" },
];

/**
 * The one entry to mark as the current page: the longest href that is the path or a parent of it,
 * so /settings/users marks "Users", not "Settings" as well.
 */
export function currentNavHref(pathname: string, items: readonly NavItem[]): string | null {
  let best: string | null = null;
  for (const { href } of items) {
    const matches = pathname === href || pathname.startsWith(href === "/" ? "/" : `${href}/`);
    if (matches && (best === null || href.length > best.length)) best = href;
  }
  return best;
}
