import { getServerSession } from "next-auth";
import { authOptions } from "@/lib/auth/options";
import type { RoleName } from "@/lib/auth/permissions";
import { userForToken } from "@/lib/auth/session-version";

export interface CurrentUser {
  id: string;
  email: string;
  name: string | null;
  role: RoleName;
  mustChangePassword: boolean;
}

/**
 * The signed-in user as the database knows them now, or null: signed out, expired, deactivated,
 * or holding a token from before a sign-out, password change or reset, or deactivation. The jwt
 * callback (lib/auth/options.ts) already refuses stale tokens inside getServerSession; the same
 * check runs here on the row this loads anyway, so pages and routes never depend on one place only.
 */
export async function getCurrentUser(): Promise<CurrentUser | null> {
  const session = await getServerSession(authOptions);
  const user = await userForToken({ uid: session?.user?.id, sv: session?.sessionVersion });
  if (!user) return null;
  return { id: user.id, email: user.email, name: user.name, role: user.role, mustChangePassword: user.mustChangePassword };
}
