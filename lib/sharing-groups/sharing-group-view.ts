import type { RoleName } from "@/lib/auth/permissions";

// What the Sharing groups page, its API and the command line show of a group.

export interface SharingGroupMemberView {
  userId: string;
  email: string;
  name: string | null;
  role: RoleName;
  active: boolean;
  addedAt: string;
  addedBy: string | null;
}

export interface SharingGroupView {
  id: string;
  name: string;
  description: string | null;
  fieldName: string;
  fieldValue: string;
  /** Salesforce accounts in the hub the group's rule matches now. */
  protectedAccounts: number;
  members: SharingGroupMemberView[];
  updatedAt: string;
}

/** The audit entry's shape of a group: its rule, never its members (each has an entry of its own). */
export const groupAuditShape = (g: { name: string; description: string | null; fieldName: string; fieldValue: string }) => ({
  name: g.name,
  description: g.description,
  fieldName: g.fieldName,
  fieldValue: g.fieldValue,
});
