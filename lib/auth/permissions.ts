// The permission matrix, modelled on the permission bundles of a Gainsight-style setup:
// admins own everything, operations own integrations and data but not people, CSMs work their
// accounts, viewers read. Checked on the server for every read and write; pages only hide.

export const ROLES = ["ADMIN", "OPS", "CSM", "VIEWER"] as const;
export type RoleName = (typeof ROLES)[number];

export const PERMISSIONS = {
  "users.read": ["ADMIN"],
  "users.manage": ["ADMIN"],
  /** Sharing groups decide who sees which accounts (lib/auth/data-scope.ts): people's access, so admins only, as users. */
  "sharing.manage": ["ADMIN"],
  "audit.read": ["ADMIN", "OPS"],
  "system.read": ["ADMIN", "OPS", "CSM", "VIEWER"],
  "integrations.read": ["ADMIN", "OPS", "CSM", "VIEWER"],
  "integrations.manage": ["ADMIN", "OPS"],
  "sync.read": ["ADMIN", "OPS", "CSM", "VIEWER"],
  "sync.run": ["ADMIN", "OPS"],
  /** Retry failed writes as a run of their own, dismiss and un-dismiss refused records: operations own sync, as for sync.run. */
  "sync.retry": ["ADMIN", "OPS"],
  /** Preview a Synchronize (writes nothing, but reads Salesforce's allowance and takes the sync locks): who may run one. */
  "sync.preview": ["ADMIN", "OPS"],
  /** See and change when each integration pulls and synchronizes on its own (operations own sync, as for sync.run). */
  "schedules.read": ["ADMIN", "OPS"],
  "schedules.manage": ["ADMIN", "OPS"],
  "matching.manage": ["ADMIN", "OPS"],
  "mapping.manage": ["ADMIN", "OPS"],
  "accounts.read": ["ADMIN", "OPS", "CSM", "VIEWER"],
  "accounts.edit": ["ADMIN", "OPS", "CSM"],
  /** Set an account's CSM (issue 13: "set in Clearinghouse by admins and ops"), pushed to Salesforce. */
  "accounts.csm": ["ADMIN", "OPS"],
  "cta.read": ["ADMIN", "OPS", "CSM", "VIEWER"],
  "cta.work": ["ADMIN", "OPS", "CSM"],
  "health.read": ["ADMIN", "OPS", "CSM", "VIEWER"],
  "health.manage": ["ADMIN", "OPS"],
  "playbooks.read": ["ADMIN", "OPS", "CSM", "VIEWER"],
  "playbooks.manage": ["ADMIN", "OPS"],
  "exceptions.read": ["ADMIN", "OPS", "CSM", "VIEWER"],
  "exceptions.resolve": ["ADMIN", "OPS"],
  "settings.read": ["ADMIN", "OPS"],
  "settings.manage": ["ADMIN", "OPS"],
  /** The queue dashboard (/api/queues) can retry, remove and empty the jobs of every queue: admins only. */
  "queues.manage": ["ADMIN"],
  /** Change one's own password; every signed-in user. */
  "self.manage": ["ADMIN", "OPS", "CSM", "VIEWER"],
} as const satisfies Record<string, readonly RoleName[]>;

export type Permission = keyof typeof PERMISSIONS;

export function isRole(value: unknown): value is RoleName {
  return typeof value === "string" && (ROLES as readonly string[]).includes(value);
}

/** Fails closed: an unknown role or an unknown permission is never allowed. */
export function can(role: unknown, permission: Permission): boolean {
  if (!isRole(role)) return false;
  const allowed: readonly RoleName[] | undefined = PERMISSIONS[permission];
  return allowed !== undefined && allowed.includes(role);
}

export const ROLE_LABELS: Record<RoleName, { label: string; description: string }> = {
  ADMIN: { label: "Admin", description: "Everything, including users and roles" },
  OPS: { label: "Operations", description: "Integrations, matching, mappings, sync and playbooks; not users" },
  CSM: { label: "CSM", description: "Account pages, calls to action and edits on their own accounts" },
  VIEWER: { label: "Viewer", description: "Read only" },
};
