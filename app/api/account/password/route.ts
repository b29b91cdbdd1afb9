import { route } from "@/lib/http/route";
import { changeOwnPassword } from "@/lib/users/manage-users";
import { changePasswordSchema } from "@/lib/users/schemas";

export const PUT = route({ permission: "self.manage", body: changePasswordSchema }, async ({ user, ip, body }) => {
  await changeOwnPassword(user.id, body, { actor: user, ip });
  return { ok: true };
});
