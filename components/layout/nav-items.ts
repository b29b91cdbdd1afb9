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
