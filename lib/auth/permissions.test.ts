import { describe, expect, it } from "vitest";
import { can, isRole, PERMISSIONS, ROLES, type Permission } from "@/lib/auth/permissions";

// The matrix written out independently of the implementation: a change to either side fails here.
const EXPECTED: Record<Permission, string> = {
  "users.read": "ADMIN",
  "users.manage": "ADMIN",
  "sharing.manage": "ADMIN",
  "audit.read": "ADMIN OPS",
  "system.read": "ADMIN OPS CSM VIEWER",
  "integrations.read": "ADMIN OPS CSM VIEWER",
  "integrations.manage": "ADMIN OPS",
  "sync.read": "ADMIN OPS CSM VIEWER",
  "sync.run": "ADMIN OPS",
  "sync.preview": "ADMIN OPS",
  "sync.retry": "ADMIN OPS",
  "schedules.read": "ADMIN OPS",
  "schedules.manage": "ADMIN OPS",
  "matching.manage": "ADMIN OPS",
  "mapping.manage": "ADMIN OPS",
  "accounts.read": "ADMIN OPS CSM VIEWER",
  "accounts.edit": "ADMIN OPS CSM",
  "accounts.csm": "ADMIN OPS",
  "cta.read": "ADMIN OPS CSM VIEWER",
  "cta.work": "ADMIN OPS CSM",
  "health.read": "ADMIN OPS CSM VIEWER",
  "health.manage": "ADMIN OPS",
  "playbooks.read": "ADMIN OPS CSM VIEWER",
  "playbooks.manage": "ADMIN OPS",
  "exceptions.read": "ADMIN OPS CSM VIEWER",
  "exceptions.resolve": "ADMIN OPS",
  "settings.read": "ADMIN OPS",
  "settings.manage": "ADMIN OPS",
  "queues.manage": "ADMIN",
  "self.manage": "ADMIN OPS CSM VIEWER",
};

describe("permission matrix", () => {
  it("lists exactly the expected permissions", () => {
    expect(Object.keys(PERMISSIONS).sort()).toEqual(Object.keys(EXPECTED).sort());
  });

  for (const [permission, roles] of Object.entries(EXPECTED) as [Permission, string][]) {
    for (const role of ROLES) {
      const allowed = roles.split(" ").includes(role);
      it(`${role} ${allowed ? "may" : "may not"} ${permission}`, () => {
        expect(can(role, permission)).toBe(allowed);
      });
    }
  }

  it("OPS has everything except user management, sharing groups, the queue dashboard and retries", () => {
    const denied = (Object.keys(PERMISSIONS) as Permission[]).filter((p) => !can("OPS", p));
    expect(denied.sort()).toEqual(["queues.manage", "sharing.manage", "users.manage", "users.read"]);
  });

  it("VIEWER is read-only", () => {
    const allowed = (Object.keys(PERMISSIONS) as Permission[]).filter((p) => can("VIEWER", p));
    expect(allowed.every((p) => p.endsWith(".read") || p === "self.manage")).toBe(true);
  });

  it("fails closed for unknown roles and permissions", () => {
    expect(can("SUPERUSER", "users.read")).toBe(false);
    expect(can(undefined, "system.read")).toBe(false);
    expect(can("admin", "users.read")).toBe(false);
    expect(can("ADMIN", "nope.nothing" as Permission)).toBe(false);
    expect(isRole("CSM")).toBe(true);
    expect(isRole("csm")).toBe(false);
  });
});
