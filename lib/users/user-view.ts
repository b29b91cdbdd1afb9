import type { User } from "@/lib/generated/prisma/client";

/** What leaves the server about a user: never the hash. */
export interface UserView {
  id: string;
  email: string;
  name: string | null;
  role: User["role"];
  active: boolean;
  mustChangePassword: boolean;
  lastLoginAt: string | null;
  createdAt: string;
}

export function toUserView(u: User): UserView {
  return {
    id: u.id,
    email: u.email,
    name: u.name,
    role: u.role,
    active: u.active,
    mustChangePassword: u.mustChangePassword,
    lastLoginAt: u.lastLoginAt?.toISOString() ?? null,
    createdAt: u.createdAt.toISOString(),
  };
}

/** The audited shape of a user: fields an admin changes, nothing secret. */
export function auditShape(u: Pick<User, "email" | "name" | "role" | "active">) {
  return { email: u.email, name: u.name, role: u.role, active: u.active };
}
