import { getServerSession } from "next-auth";
import { db } from "@/lib/db";
import { authOptions } from "@/lib/auth/options";
import type { RoleName } from "@/lib/auth/permissions";

export interface CurrentUser {
  id: string;
  email: string;
  name: string | null;
  role: RoleName;
  mustChangePassword: boolean;
}

/** The signed-in user as the database knows them now, or null (signed out, expired, deactivated). */
export async function getCurrentUser(): Promise<CurrentUser | null> {
  const session = await getServerSession(authOptions);
  const id = session?.user?.id;
  if (!id) return null;
  const user = await db.user.findUnique({ where: { id } });
  if (!user || !user.active) return null;
  return { id: user.id, email: user.email, name: user.name, role: user.role, mustChangePassword: user.mustChangePassword };
}
