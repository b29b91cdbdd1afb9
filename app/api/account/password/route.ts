import { route } from "@/lib/http/route";
import { changeOwnPassword } from "@/lib/users/manage-users";
import { changePasswordSchema } from "@/lib/users/schemas";

// The one route a user on a one-time password may call: it is how they stop being one.
export const PUT = route(
  { permission: "self.manage", body: changePasswordSchema, allowWhilePasswordMustChange: true },
  async ({ user, ip, body }) => {
    await changeOwnPassword(user.id, body, { actor: user, ip });
    return { ok: true };
  },
);
